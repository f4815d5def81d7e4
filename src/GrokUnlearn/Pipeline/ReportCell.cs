namespace GrokUnlearn.Pipeline;

/// <summary>The Report stage's single cell: depends on every train cell and on the templates' content.</summary>
public sealed class ReportCell(IReadOnlyList<TrainCell> runs, string profileName, string templatesHash, ArtifactStore store)
    : StageCell("report", "report", CodeVersionSalt,
        new Dictionary<string, object> { ["profile"] = profileName, ["templates"] = templatesHash },
        runs.ToDictionary(r => $"train/{r.Id}", r => r.Fingerprint), store.ReportTable(profileName))
{
    /// <summary>Bump when the report's content changes for the same inputs.</summary>
    public const string CodeVersionSalt = "report/1";

    public IReadOnlyList<TrainCell> Runs { get; } = runs;
    public string ProfileName { get; } = profileName;
    public string Directory { get; } = store.ReportDir(profileName);
    public string FiguresDirectory { get; } = store.FiguresDir(profileName);
}
