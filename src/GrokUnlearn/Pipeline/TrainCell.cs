using System.Security.Cryptography;
using GrokUnlearn.Config;
using GrokUnlearn.Training;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>The Train stage's cell: dataset × model × recipe × seed. Depends on its data cell's fingerprint.</summary>
/// <remarks>
/// With <c>retainOnly</c> set, this is a scenario's retrain oracle: the same recipe and seed trained from scratch on
/// the training split minus that scenario's forget set (its id ends in <c>__retrain-&lt;scenario&gt;</c>).
/// </remarks>
public sealed class TrainCell(TrainRunSpec run, int seed, SelectionSpec selection, int threads, DataCell data, ArtifactStore store,
    ForgetSplitCell? retainOnly = null)
    : StageCell("train", CellId(run, seed, retainOnly), Salt(run, retainOnly), BuildParameters(run, seed, selection, threads, retainOnly),
        BuildInputs(data, retainOnly), store.CheckpointTable(CellId(run, seed, retainOnly)))
{
    /// <summary>For a retrain oracle: the scenario whose forget set is left out (for a language run, TOFU's forget01/05/10 authors).</summary>
    public ForgetSplitCell? RetainOnly { get; } = retainOnly;

    /// <summary>The run's task kind (modular, image, language), known from the profile.</summary>
    public Tasks.TaskKind Kind { get; } = Tasks.TaskKinds.Of(run.Dataset);

    /// <summary>The profile's device setting (cpu | cuda | auto); not part of the fingerprint.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>train/language/2: a language run (not an oracle) also writes its per-example loss curve; an oracle, which
    /// does not, keeps train/language/1 (its outputs did not change).</summary>
    public const string LanguageCodeVersionSalt = "train/language/2";
    public const string LanguageOracleCodeVersionSalt = "train/language/1";

    /// <summary>A language run that is not an oracle records every training example's loss at every evaluation.</summary>
    public bool RecordsExampleLosses => Kind == Tasks.TaskKind.Language && RetainOnly is null;

    private static string Salt(TrainRunSpec run, ForgetSplitCell? retainOnly) => Tasks.TaskKinds.Of(run.Dataset) switch
    {
        Tasks.TaskKind.Language => retainOnly is null ? LanguageCodeVersionSalt : LanguageOracleCodeVersionSalt,
        Tasks.TaskKind.Image => ImageCodeVersionSalt,
        _ => CodeVersionSalt,
    };

    /// <summary>Bump when training or checkpoint selection changes for the same parameters.</summary>
    public const string CodeVersionSalt = "train/modular-mlp/1";
    public const string ImageCodeVersionSalt = "train/image/2";

    public TrainRunSpec Run { get; } = run;
    public int Seed { get; } = seed;
    public SelectionSpec Selection { get; } = selection;
    public int Threads { get; } = threads;
    public DataCell Data { get; } = data;
    public ArtifactStore Store { get; } = store;

    public static string CellId(TrainRunSpec run, int seed, ForgetSplitCell? retainOnly = null) =>
        $"{run.Dataset.Name}__{run.Model.Name}__{run.Recipe.Name}__seed{seed}"
        + (retainOnly is not null ? $"__retrain-{retainOnly.Scenario.Name}" : "");

    private static Dictionary<string, object> BuildParameters(TrainRunSpec run, int seed, SelectionSpec selection, int threads,
        ForgetSplitCell? retainOnly)
    {
        var p = new Dictionary<string, object>
        {
            ["model"] = run.Model.Parameters(),
            ["recipe"] = run.Recipe.Parameters(),
            ["selection"] = selection.Parameters(),
            ["seed"] = seed,
            ["threads"] = threads,
        };
        if (retainOnly is not null) p["retain_only"] = true;
        return p;
    }

    private static Dictionary<string, string> BuildInputs(DataCell data, ForgetSplitCell? retainOnly)
    {
        var inputs = new Dictionary<string, string> { ["data"] = data.Fingerprint };
        if (retainOnly is not null) inputs["forget_split"] = retainOnly.Fingerprint;
        return inputs;
    }

    /// <summary>What the Trainer needs of this cell.</summary>
    public TrainJob Job => new(Id, Run, Seed, Selection, Threads, Fingerprint, Metadata,
        new TrainPaths(Store.TrainDir(Id), Store.TrainWorkDir(Id), Store.CheckpointsDir(Id), Store.CurveTable(Id), LockTable, Store.ExampleLossTable(Id)));

    /// <summary>The curve must carry the same fingerprint, and every checkpoint file must match its recorded hash.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        var curve = Store.CurveTable(Id);
        if (!File.Exists(curve)) return CellState.Stale("output curve.parquet is missing");
        var meta = await ParquetTable.ReadMetadataAsync(curve);
        if (!meta.TryGetValue(ParquetTable.FingerprintKey, out var fp) || fp != Fingerprint)
            return CellState.Stale("curve.parquet belongs to another run (fingerprint differs)");
        await ParquetTable.ReadAsync<CurveRow>(curve);   // its rows hash is verified on read: a corrupted curve is stale
        if (RecordsExampleLosses)
        {
            if (!File.Exists(Store.ExampleLossTable(Id))) return CellState.Stale("output example-loss.parquet is missing");
            await ParquetTable.ReadAsync<ExampleLossRow>(Store.ExampleLossTable(Id));
        }
        var (rows, _) = await ParquetTable.ReadAsync<CheckpointRow>(LockTable);
        foreach (var row in rows)
        {
            var path = Path.Combine(Store.TrainDir(Id), row.File);
            if (!File.Exists(path)) return CellState.Stale($"checkpoint {row.File} is missing");
            if (await GrokUnlearn.Data.FileChecksum.Sha256Async(path) != row.Sha256) return CellState.Stale($"checkpoint {row.File} was modified (hash differs)");
        }
        return null;
    }

    /// <summary>The published checkpoint of a kind (fit, pre, grok, final), or null when the run never reached it.</summary>
    public async Task<(int Step, string Path)?> FindCheckpointAsync(string kind)
    {
        var (rows, _) = await ParquetTable.ReadAsync<CheckpointRow>(LockTable);
        var row = rows.FirstOrDefault(r => r.Kind == kind);
        return row is null ? null : (row.Step, Path.Combine(Store.TrainDir(Id), row.File));
    }
}
