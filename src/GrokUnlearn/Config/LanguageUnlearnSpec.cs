namespace GrokUnlearn.Config;

/// <summary>
/// The profile's <c>language_unlearn</c> section: which checkpoints of each language run are unlearned, on which TOFU
/// forget splits (forget01 / forget05 / forget10), by which methods. The forget target is the retain-only oracle's
/// forget-set Extraction Strength + TargetTolerance; EvalEvery is how often (in updates) the forget ES is measured.
/// </summary>
public sealed record LanguageUnlearnSpec(
    IReadOnlyList<string> Checkpoints,
    IReadOnlyList<string> ForgetSplits,
    IReadOnlyList<MethodSpec> Methods,
    double TargetTolerance,
    int EvalEvery)
{
    public static readonly string[] SplitNames = ["forget01", "forget05", "forget10"];

    /// <summary>The percentage of authors a split forgets: forget05 → 5.</summary>
    public static int Percent(string split) => int.Parse(split["forget".Length..], System.Globalization.CultureInfo.InvariantCulture);

    public SortedDictionary<string, object> SharedParameters() => new(StringComparer.Ordinal)
    {
        ["target_tolerance"] = TargetTolerance,
        ["eval_every"] = EvalEvery,
    };
}
