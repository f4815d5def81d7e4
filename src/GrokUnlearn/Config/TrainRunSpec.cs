namespace GrokUnlearn.Config;

/// <summary>
/// One entry of the profile's <c>train</c> list: a dataset × model × recipe, trained once per seed.
/// <see cref="UnlearnCheckpoints"/> overrides the unlearn section's checkpoints for this run (e.g. only θ_pre of a
/// SAM-trained run, the "flat but not grokked" starting point); an empty list means the run is trained and reported but
/// not unlearned. <see cref="Selection"/> overrides the profile's checkpoint-selection rule for this run (image tasks
/// level off well below modular arithmetic's 95%).
/// </summary>
public sealed record TrainRunSpec(DatasetSpec Dataset, ModelSpec Model, RecipeSpec Recipe, IReadOnlyList<int> Seeds,
    IReadOnlyList<string>? UnlearnCheckpoints = null, SelectionSpec? Selection = null)
{
    /// <summary>How a starting checkpoint of this run is labelled in results: "pre", "grok", … or "sam-pre" for a SAM-trained run.</summary>
    public string StartLabel(string checkpoint) => Recipe.Sam ? $"sam-{checkpoint}" : checkpoint;

    /// <summary>The modular dataset of a modular-arithmetic run (the Unlearn and Analyze stages work on these).</summary>
    public ModularDatasetSpec Modular => Dataset as ModularDatasetSpec
        ?? throw new InvalidOperationException($"run {Dataset.Name} × {Model.Name} is not a modular-arithmetic run.");

    /// <summary>The embedding MLP of a modular-arithmetic run.</summary>
    public ModularMlpSpec ModularModel => Model as ModularMlpSpec
        ?? throw new InvalidOperationException($"run {Dataset.Name} × {Model.Name} does not use a modular_mlp model.");
}
