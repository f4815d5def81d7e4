using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>The Data stage's cell for one dataset: its pairs and persisted train/test split.</summary>
public sealed class DataCell(DatasetSpec spec, ArtifactStore store)
    : StageCell("data", spec.Name, CodeVersionSalt, spec.Parameters(), new Dictionary<string, string>(), store.DataTable(spec.Name))
{
    /// <summary>Bump when the data stage's output for the same parameters changes.</summary>
    public const string CodeVersionSalt = "data/modular/1";

    public DatasetSpec Spec { get; } = spec;
}
