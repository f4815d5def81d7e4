namespace GrokUnlearn.Config;

/// <summary>
/// An unlearn section of the profile (<c>unlearn</c> for classifier runs, <c>language_unlearn</c> for language runs):
/// which checkpoints of every training run are unlearned, under which scenarios (forget splits), by which methods, with
/// which shared settings. The forget target is the retrain oracle's forget metric (UA, or forget-set Extraction
/// Strength) + TargetTolerance; Settings holds eval_every, the batch sizes and the BatchNorm policy.
/// </summary>
public sealed record UnlearnSpec(
    IReadOnlyList<string> Checkpoints,
    IReadOnlyDictionary<string, ScenarioSpec> Scenarios,
    IReadOnlyList<MethodSpec> Methods,
    double TargetTolerance,
    UnlearnSettings Settings)
{
    /// <summary>Figure 1(b)'s trajectory (classifier section only); null when the profile does not ask for it.</summary>
    public TrajectorySpec? Trajectory { get; init; }

    /// <summary>The learning-rate grid's summary rule (<see cref="GridSummaryRule"/>), fixed in the profile before any result exists.</summary>
    public string GridSummary { get; init; } = GridSummaryRule.SmallestReaching;

    /// <summary>Scenarios on which a method's whole grid runs; elsewhere only its primary point. Null: every scenario.</summary>
    public IReadOnlyList<string>? GridScenarios { get; init; }

    /// <summary>The method points that run under <paramref name="scenario"/>: every grid point there, else the primary points.</summary>
    public IEnumerable<MethodSpec> MethodsFor(string scenario) =>
        GridScenarios is null || GridScenarios.Contains(scenario) ? Methods : Methods.Where(m => m.Primary);

    /// <summary>The paper's Table 2 design (language section only); null when the profile does not ask for it.</summary>
    public LocalGrokSpec? LocalGrokking { get; init; }

    /// <summary>Whether any method has more than one grid point.</summary>
    public bool HasGrid => Methods.Any(m => m.IsGridPoint);

    /// <summary>Starting checkpoints: the controlled protocol's pre and grok, fit, final, and the paper protocol's paper-pre and paper-grok.</summary>
    public static readonly string[] CheckpointKinds = ["pre", "grok", "fit", "final", "paper-pre", "paper-grok"];

    /// <summary>TOFU's forget splits, the scenarios of a language section.</summary>
    public static readonly string[] TofuSplits = ["forget01", "forget05", "forget10"];

    public int EvalEvery => Settings.EvalEvery;

    /// <summary>What every method cell's fingerprint includes; batch settings only when they differ from full batch / train mode.</summary>
    public SortedDictionary<string, object> SharedParameters()
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["target_tolerance"] = TargetTolerance,
            ["eval_every"] = Settings.EvalEvery,
        };
        if (Settings.BatchSize != 0) p["batch_size"] = Settings.BatchSize;
        if (Settings.RetainBatchSize != 0) p["retain_batch_size"] = Settings.RetainBatchSize;
        if (Settings.BatchNorm != UnlearnSettings.BatchNormTrain) p["batchnorm"] = Settings.BatchNorm;
        return p;
    }
}
