namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Report stage's single cell: depends on every train, unlearn and analyze cell, on the templates' content, and on
/// the benchmark tables when they exist (a new benchmark re-renders the Performance section, never retrains anything).
/// </summary>
public sealed class ReportCell(IReadOnlyList<TrainCell> runs, IReadOnlyList<UnlearnCell> unlearn, IReadOnlyList<AnalyzeCell> analyze,
    string profileName, string templatesHash, ArtifactStore store, string benchmarkHash = "none",
    IReadOnlyList<LanguageUnlearnCell>? languageUnlearn = null)
    : StageCell("report", "report", CodeVersionSalt,
        new Dictionary<string, object> { ["profile"] = profileName, ["templates"] = templatesHash, ["benchmark"] = benchmarkHash },
        runs.Select(r => ($"train/{r.Id}", r.Fingerprint)).Concat(unlearn.Select(c => ($"unlearn/{c.Id}", c.Fingerprint)))
            .Concat(analyze.Select(c => ($"analyze/{c.Id}", c.Fingerprint)))
            .Concat((languageUnlearn ?? []).Select(c => ($"unlearn/{c.Id}", c.Fingerprint)))
            .ToDictionary(kv => kv.Item1, kv => kv.Item2), store.ReportTable(profileName))
{
    /// <summary>Bump when the report's content changes for the same inputs.</summary>
    public const string CodeVersionSalt = "report/11";

    public IReadOnlyList<TrainCell> Runs { get; } = runs;
    public IReadOnlyList<UnlearnCell> Unlearn { get; } = unlearn;
    public IReadOnlyList<AnalyzeCell> Analyze { get; } = analyze;
    public IReadOnlyList<LanguageUnlearnCell> LanguageUnlearn { get; } = languageUnlearn ?? [];
    public string ProfileName { get; } = profileName;
    public string Directory { get; } = store.ReportDir(profileName);
    public string FiguresDirectory { get; } = store.FiguresDir(profileName);
}
