using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Data stage's cell for one dataset: modular pairs with their split (pairs.parquet), or an image dataset's
/// persisted training and evaluation subsets with pixels (images.parquet).
/// </summary>
public sealed class DataCell(DatasetSpec spec, ArtifactStore store)
    : StageCell("data", spec.Name, Salt(spec), spec.Parameters(), new Dictionary<string, string>(),
        Tasks.TaskKinds.Of(spec) switch
        {
            Tasks.TaskKind.Image => store.ImageTable(spec.Name),
            Tasks.TaskKind.Language => store.QaTable(spec.Name),
            _ => store.DataTable(spec.Name),
        })
{
    /// <summary>Bump when the data stage's output for the same parameters changes.</summary>
    public const string CodeVersionSalt = "data/modular/1";
    public const string ImageCodeVersionSalt = "data/image/1";
    public const string AuthorsCodeVersionSalt = "data/authors/1";

    public DatasetSpec Spec { get; } = spec;

    /// <summary>The table is read once: its rows hash is verified on read, so a corrupted dataset is stale.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        _ = Tasks.TaskKinds.Of(Spec) switch
        {
            Tasks.TaskKind.Image => (await Storage.ParquetTable.ReadAsync<Data.ImageRow>(LockTable)).Rows.Count,
            Tasks.TaskKind.Language => (await Storage.ParquetTable.ReadAsync<Language.QaRow>(LockTable)).Rows.Count,
            _ => (await Storage.ParquetTable.ReadAsync<Data.ModularPairRow>(LockTable)).Rows.Count,
        };
        return null;
    }

    private static string Salt(DatasetSpec spec) => Tasks.TaskKinds.Of(spec) switch
    {
        Tasks.TaskKind.Image => ImageCodeVersionSalt,
        Tasks.TaskKind.Language => AuthorsCodeVersionSalt,
        _ => CodeVersionSalt,
    };
}
