using GrokUnlearn.Config;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Unlearn stage's cell, for every track: one training run's checkpoint (pre / grok / …) × forget set × method.
/// The seed is the training run's. Inputs: the run, the forget set (a scenario's split, or a local-grokking set of the
/// Table 2 design) and the scenario's retrain oracle (none for a local-grokking set: that design has no target). A
/// classifier cell writes result.parquet / curve.parquet, a language cell lm-result.parquet / lm-curve.parquet.
/// </summary>
public sealed class UnlearnCell(TrainCell run, string checkpoint, IForgetSource forget, TrainCell? oracle, MethodSpec method,
    UnlearnSpec shared, ArtifactStore store)
    : StageCell("unlearn", CellId(run, checkpoint, forget, method), Salt(run),
        BuildParameters(checkpoint, method, shared, run.Threads, forget is LocalForgetSet),
        BuildInputs(run, forget, oracle),
        IsLanguage(run) ? store.LanguageResultTable(CellId(run, checkpoint, forget, method)) : store.UnlearnResultTable(CellId(run, checkpoint, forget, method)))
{
    /// <summary>Bump when the unlearning loop or its metrics change for the same parameters.</summary>
    public const string CodeVersionSalt = "unlearn/modular-mlp/2";
    public const string ImageCodeVersionSalt = "unlearn/image/1";
    /// <summary>unlearn/language/4: results record Extraction Strength on the retain set (the rest of the training set).</summary>
    public const string LanguageCodeVersionSalt = "unlearn/language/4";

    private static bool IsLanguage(TrainCell run) => run.Kind == TaskKind.Language;

    private static string Salt(TrainCell run) => run.Kind switch
    {
        TaskKind.Language => LanguageCodeVersionSalt,
        TaskKind.Image => ImageCodeVersionSalt,
        _ => CodeVersionSalt,
    };

    public TrainCell Run { get; } = run;
    public string Checkpoint { get; } = checkpoint;
    public IForgetSource Forget { get; } = forget;
    /// <summary>The scenario (forget set) name.</summary>
    public string Scenario => Forget.Name;
    /// <summary>Whether the forget set is one of the Table 2 design's local-grokking sets.</summary>
    public bool IsLocalGrokking => Forget is LocalForgetSet;
    /// <summary>The scenario's retrain oracle; null for a local-grokking set.</summary>
    public TrainCell? Oracle { get; } = oracle;
    public MethodSpec Method { get; } = method;
    public UnlearnSpec Shared { get; } = shared;
    public ArtifactStore Store { get; } = store;
    public TaskKind Kind => Run.Kind;

    /// <summary>
    /// The result must carry a model file when the run had a starting checkpoint, with the SHA-256 its lock table
    /// recorded (tables written before the hash was recorded are stale: they re-run once).
    /// </summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        var (done, meta) = IsLanguage(Run)
            ? await Done<Language.Unlearning.LanguageResultRow>(r => r.Status)
            : await Done<UnlearnResultRow>(r => r.Status);
        if (!done) return null;
        // The curve the report reads: its rows hash is verified on read, so a corrupted curve makes the cell stale.
        if (IsLanguage(Run)) await ParquetTable.ReadAsync<Language.Unlearning.LanguageCurveRow>(Store.LanguageCurveTable(Id));
        else await ParquetTable.ReadAsync<UnlearnCurveRow>(Store.UnlearnCurveTable(Id));
        var model = Store.UnlearnedModel(Id);
        if (!File.Exists(model)) return CellState.Stale("output model.safetensors is missing");
        if (!meta.TryGetValue(ParquetTable.ModelHashKey, out var expected))
            return CellState.Stale("output model.safetensors has no recorded hash (written by an older version)");
        return await Data.FileChecksum.Sha256Async(model) == expected
            ? null
            : CellState.Stale($"output {model} was modified (its SHA-256 differs from the one recorded in {Path.GetFileName(LockTable)})");
    }

    private async Task<(bool Done, IReadOnlyDictionary<string, string> Meta)> Done<T>(Func<T, string> status) where T : class, new()
    {
        var (rows, meta) = await ParquetTable.ReadAsync<T>(LockTable);
        return (rows.Any(r => status(r) == "done"), meta);
    }

    /// <summary>Resolves the starting and oracle checkpoints into the runner's job.</summary>
    public async Task<UnlearnJob> JobAsync()
    {
        var start = await Run.FindCheckpointAsync(Checkpoint);
        string? oracle = null;
        if (start is not null && Oracle is not null)
            oracle = (await Oracle.FindCheckpointAsync("final"))?.Path
                ?? throw new StageInputException($"retrain oracle {Oracle.Id} has no final checkpoint.");
        var language = IsLanguage(Run);
        return new UnlearnJob(Id, Run.Id, Run.Run.Dataset.Name, Run.Seed, Checkpoint, Run.Run.StartLabel(Checkpoint), Scenario,
            Method, Shared.Settings, Shared.TargetTolerance, Run.Threads, start, oracle,
            LockTable, language ? Store.LanguageCurveTable(Id) : Store.UnlearnCurveTable(Id), Store.UnlearnedModel(Id), Metadata,
            Forget.ForgottenClasses, ExtractionOnly: IsLocalGrokking);
    }

    public static string CellId(TrainCell run, string checkpoint, IForgetSource forget, MethodSpec method) =>
        $"{run.Id}__{checkpoint}__{forget.Name}__{method.Label}";

    private static Dictionary<string, string> BuildInputs(TrainCell run, IForgetSource forget, TrainCell? oracle)
    {
        var inputs = new Dictionary<string, string> { ["train"] = run.Fingerprint, [forget.Input.Key] = forget.Input.Fingerprint };
        if (oracle is not null) inputs["oracle"] = oracle.Fingerprint;
        return inputs;
    }

    private static Dictionary<string, object> BuildParameters(string checkpoint, MethodSpec method, UnlearnSpec shared, int threads, bool extractionOnly)
    {
        var p = new Dictionary<string, object>
        {
            ["checkpoint"] = checkpoint,
            ["method"] = method.Parameters(),
            ["shared"] = shared.SharedParameters(),
            ["threads"] = threads,
        };
        if (extractionOnly) p["metrics"] = "extraction-strength";
        return p;
    }
}
