namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Report stage's single cell: depends on every train, unlearn and analyze cell, on the templates' content, and on
/// the benchmark tables when they exist (a new benchmark re-renders the Performance section, never retrains anything).
/// </summary>
public sealed class ReportCell(IReadOnlyList<TrainCell> runs, IReadOnlyList<UnlearnCell> unlearn, IReadOnlyList<AnalyzeCell> analyze,
    string profileName, string templatesHash, ArtifactStore store, string benchmarkHash = "none")
    : StageCell("report", "report", CodeVersionSalt,
        new Dictionary<string, object> { ["profile"] = profileName, ["templates"] = templatesHash, ["benchmark"] = benchmarkHash },
        runs.Select(r => ($"train/{r.Id}", r.Fingerprint)).Concat(unlearn.Select(c => ($"unlearn/{c.Id}", c.Fingerprint)))
            .Concat(analyze.Select(c => ($"analyze/{c.Id}", c.Fingerprint)))
            .ToDictionary(kv => kv.Item1, kv => kv.Item2), store.ReportTable(profileName))
{
    /// <summary>Bump when the report's content changes for the same inputs.</summary>
    public const string CodeVersionSalt = "report/14";

    public IReadOnlyList<TrainCell> Runs { get; } = runs;
    /// <summary>Classifier unlearn cells (modular and image runs).</summary>
    public IReadOnlyList<UnlearnCell> Unlearn { get; } = unlearn.Where(c => c.Kind != Tasks.TaskKind.Language).ToList();
    public IReadOnlyList<AnalyzeCell> Analyze { get; } = analyze;
    /// <summary>Language unlearn cells of the checkpoint design (TOFU forget splits from θ_pre and θ_grok).</summary>
    public IReadOnlyList<UnlearnCell> LanguageUnlearn { get; } = unlearn.Where(c => c.Kind == Tasks.TaskKind.Language && !c.IsLocalGrokking).ToList();
    /// <summary>Language unlearn cells of the Table 2 design (locally grokked / ungrokked forget sets from one run).</summary>
    public IReadOnlyList<UnlearnCell> LocalGrokking { get; } = unlearn.Where(c => c.IsLocalGrokking).ToList();
    public string ProfileName { get; } = profileName;
    public string Directory { get; } = store.ReportDir(profileName);
    public string FiguresDirectory { get; } = store.FiguresDir(profileName);
}
