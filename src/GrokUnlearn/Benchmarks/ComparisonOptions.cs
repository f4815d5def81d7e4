namespace GrokUnlearn.Benchmarks;

/// <summary>How the comparison runs: threads for every stack, rounds, warm-up, round length, parity and peak settings,
/// and environment variables every worker gets (the same for all stacks).</summary>
public sealed record ComparisonOptions(
    int Threads,
    string ParityDir,
    int Rounds = 5,
    int WarmupSteps = 5,
    double SecondsPerRound = 2.0,
    int ParitySteps = 3,
    double ParityTolerance = 1e-3,
    int MatmulSize = 2048,
    int MatmulRepeats = 10)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
