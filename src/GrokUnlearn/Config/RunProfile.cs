namespace GrokUnlearn.Config;

/// <summary>
/// A validated profile (configs/profiles/&lt;name&gt;.yaml): everything a reproduction needs, bound once. <see cref="Device"/>
/// (cpu | cuda | auto) is where models and tensors live; it is not part of any fingerprint.
/// </summary>
public sealed record RunProfile(
    string Name,
    string SourcePath,
    string Description,
    int Threads,
    IReadOnlyDictionary<string, DatasetSpec> Datasets,
    IReadOnlyDictionary<string, ModelSpec> Models,
    IReadOnlyDictionary<string, RecipeSpec> Recipes,
    IReadOnlyList<TrainRunSpec> Train,
    SelectionSpec Selection,
    UnlearnSpec? Unlearn,
    AnalyzeSpec? Analyze = null,
    SlurmSpec? Slurm = null,
    UnlearnSpec? LanguageUnlearn = null,
    string Device = "cpu")
{
    /// <summary>The slurm section, or the defaults (no partition or account, 1 h, 4G, threads CPUs per task).</summary>
    public SlurmSpec SlurmOrDefault => Slurm ?? SlurmSpec.Default(Threads);
}
