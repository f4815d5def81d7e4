using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Analyze stage's cell: one state of one training run under one scenario — a starting checkpoint before
/// unlearning (<see cref="After"/> null), or the model an unlearn cell produced. Inputs: the run, the scenario's split
/// and, after unlearning, the unlearn cell.
/// </summary>
public sealed class AnalyzeCell : StageCell
{
    /// <summary>Bump when a measure's definition or implementation changes for the same parameters.</summary>
    public const string CodeVersionSalt = "analyze/5";

    public AnalyzeCell(TrainCell run, string checkpoint, ForgetSplitCell split, UnlearnCell? after, AnalyzeSpec spec, ArtifactStore store)
        : base("analyze", CellId(run, checkpoint, split, after), CodeVersionSalt, BuildParameters(checkpoint, after, spec, run.Threads),
            BuildInputs(run, split, after), store.MeasureTable(CellId(run, checkpoint, split, after)))
    {
        Run = run;
        Checkpoint = checkpoint;
        Split = split;
        After = after;
        Spec = spec;
        Store = store;
    }

    public TrainCell Run { get; }
    public string Checkpoint { get; }
    public ForgetSplitCell Split { get; }
    public UnlearnCell? After { get; }
    public AnalyzeSpec Spec { get; }
    public ArtifactStore Store { get; }

    /// <summary>Resolves the state to measure and its CKA partner (θ_cka_reference before unlearning, the starting checkpoint after).</summary>
    public async Task<Analysis.AnalyzeJob> JobAsync()
    {
        var start = await Run.FindCheckpointAsync(Checkpoint);
        var modelPath = After is null ? start?.Path : start is null ? null : Store.UnlearnedModel(After.Id);
        string? partner = null, label = null;
        if (start is not null && After is not null)
            (partner, label) = (start.Value.Path, "vs before");
        else if (start is not null && Checkpoint != Spec.CkaReference && await Run.FindCheckpointAsync(Spec.CkaReference) is { } reference)
            (partner, label) = (reference.Path, $"vs {Spec.CkaReference}");
        return new Analysis.AnalyzeJob(Id, Run.Id, Run.Run.Dataset.Name, Run.Run.Recipe.Name, Run.Seed, Checkpoint, Run.Run.StartLabel(Checkpoint),
            Split.Scenario.Name, Method, Spec, Run.Threads, modelPath, partner, label, LockTable, Metadata);
    }

    /// <summary>"none" before unlearning, else the method.</summary>
    public string Method => After?.Method.Name ?? "none";

    public static string CellId(TrainCell run, string checkpoint, ForgetSplitCell split, UnlearnCell? after) =>
        after?.Id ?? $"{run.Id}__{checkpoint}__{split.Scenario.Name}__none";

    private static Dictionary<string, object> BuildParameters(string checkpoint, UnlearnCell? after, AnalyzeSpec spec, int threads) => new()
    {
        ["checkpoint"] = checkpoint,
        ["method"] = after?.Method.Name ?? "none",
        ["analyze"] = spec.Parameters(),
        ["threads"] = threads,
    };

    private static Dictionary<string, string> BuildInputs(TrainCell run, ForgetSplitCell split, UnlearnCell? after)
    {
        var inputs = new Dictionary<string, string> { ["train"] = run.Fingerprint, ["forget_split"] = split.Fingerprint };
        if (after is not null) inputs["unlearn"] = after.Fingerprint;
        return inputs;
    }

    /// <summary>The measures are read once: their rows hash is verified on read, so a corrupted table is stale.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        await Storage.ParquetTable.ReadAsync<Analysis.MeasureRow>(LockTable);
        return null;
    }
}
