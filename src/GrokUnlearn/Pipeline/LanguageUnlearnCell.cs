using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Unlearn stage's language cell: a language run's checkpoint (pre / grok) × TOFU forget split × method, measured
/// against the retain-only oracle of the same split. Depends on the run's, the oracle's and the data's fingerprints.
/// </summary>
public sealed class LanguageUnlearnCell(TrainCell run, string checkpoint, string split, TrainCell oracle, MethodSpec method,
    LanguageUnlearnSpec shared, ArtifactStore store)
    : StageCell("unlearn", CellId(run, checkpoint, split, method), CodeVersionSalt, BuildParameters(checkpoint, split, method, shared, run.Threads),
        new Dictionary<string, string> { ["train"] = run.Fingerprint, ["oracle"] = oracle.Fingerprint, ["data"] = run.Data.Fingerprint },
        store.LanguageResultTable(CellId(run, checkpoint, split, method)))
{
    /// <summary>Bump when the language unlearning loop or its metrics change for the same parameters.</summary>
    public const string CodeVersionSalt = "unlearn/language/1";

    public TrainCell Run { get; } = run;
    public string Checkpoint { get; } = checkpoint;
    public string Split { get; } = split;
    public TrainCell Oracle { get; } = oracle;
    public MethodSpec Method { get; } = method;
    public LanguageUnlearnSpec Shared { get; } = shared;
    public ArtifactStore Store { get; } = store;

    /// <summary>A finished cell must also have its unlearned model.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        var (rows, _) = await ParquetTable.ReadAsync<Language.Unlearning.LanguageResultRow>(LockTable);
        return rows.Any(r => r.Status == "done") && !File.Exists(Store.UnlearnedModel(Id))
            ? CellState.Stale("output model.safetensors is missing")
            : null;
    }

    public static string CellId(TrainCell run, string checkpoint, string split, MethodSpec method) =>
        $"{run.Id}__{checkpoint}__{split}__{method.Name}";

    private static Dictionary<string, object> BuildParameters(string checkpoint, string split, MethodSpec method, LanguageUnlearnSpec shared,
        int threads) => new()
    {
        ["checkpoint"] = checkpoint,
        ["forget_split"] = split,
        ["method"] = method.Parameters(),
        ["shared"] = shared.SharedParameters(),
        ["threads"] = threads,
    };
}
