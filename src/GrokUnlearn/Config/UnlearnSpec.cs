namespace GrokUnlearn.Config;

/// <summary>
/// The profile's <c>unlearn</c> section: which checkpoints of every training run are unlearned, under which
/// scenarios, by which methods. The forget target is the retrain oracle's forget accuracy + TargetTolerance.
/// </summary>
public sealed record UnlearnSpec(
    IReadOnlyList<string> Checkpoints,
    IReadOnlyDictionary<string, ScenarioSpec> Scenarios,
    IReadOnlyList<MethodSpec> Methods,
    double TargetTolerance,
    int EvalEvery)
{
    public static readonly string[] CheckpointKinds = ["pre", "grok", "fit", "final"];

    public SortedDictionary<string, object> SharedParameters() => new(StringComparer.Ordinal)
    {
        ["target_tolerance"] = TargetTolerance,
        ["eval_every"] = EvalEvery,
    };
}
