using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Unlearn stage's cell: one training run's checkpoint (pre / grok / …) × scenario × method. The seed is the
/// training run's. Inputs: the run, the scenario's forget split and the scenario's retrain oracle.
/// </summary>
public sealed class UnlearnCell(TrainCell run, string checkpoint, ForgetSplitCell split, TrainCell oracle, MethodSpec method,
    UnlearnSpec shared, ArtifactStore store)
    : StageCell("unlearn", CellId(run, checkpoint, split, method), CodeVersionSalt,
        BuildParameters(checkpoint, method, shared, run.Threads),
        new Dictionary<string, string> { ["train"] = run.Fingerprint, ["forget_split"] = split.Fingerprint, ["oracle"] = oracle.Fingerprint },
        store.UnlearnResultTable(CellId(run, checkpoint, split, method)))
{
    /// <summary>Bump when the unlearning loop or its metrics change for the same parameters.</summary>
    public const string CodeVersionSalt = "unlearn/modular-mlp/2";

    public TrainCell Run { get; } = run;
    public string Checkpoint { get; } = checkpoint;
    public ForgetSplitCell Split { get; } = split;
    public TrainCell Oracle { get; } = oracle;
    public MethodSpec Method { get; } = method;
    public UnlearnSpec Shared { get; } = shared;
    public ArtifactStore Store { get; } = store;

    /// <summary>The result must carry a model file when the run had a starting checkpoint.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        var (rows, _) = await ParquetTable.ReadAsync<Unlearning.UnlearnResultRow>(LockTable);
        return rows.Any(r => r.Status == "done") && !File.Exists(Store.UnlearnedModel(Id))
            ? CellState.Stale("output model.safetensors is missing")
            : null;
    }

    public static string CellId(TrainCell run, string checkpoint, ForgetSplitCell split, MethodSpec method) =>
        $"{run.Id}__{checkpoint}__{split.Scenario.Name}__{method.Name}";

    private static Dictionary<string, object> BuildParameters(string checkpoint, MethodSpec method, UnlearnSpec shared, int threads) => new()
    {
        ["checkpoint"] = checkpoint,
        ["method"] = method.Parameters(),
        ["shared"] = shared.SharedParameters(),
        ["threads"] = threads,
    };
}
