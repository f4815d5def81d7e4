namespace GrokUnlearn.Config;

/// <summary>
/// One entry of the profile's <c>train</c> list: a dataset × model × recipe, trained once per seed.
/// <see cref="UnlearnCheckpoints"/> overrides the unlearn section's checkpoints for this run (e.g. only θ_pre of a
/// SAM-trained run, the "flat but not grokked" starting point).
/// </summary>
public sealed record TrainRunSpec(DatasetSpec Dataset, ModelSpec Model, RecipeSpec Recipe, IReadOnlyList<int> Seeds,
    IReadOnlyList<string>? UnlearnCheckpoints = null)
{
    /// <summary>How a starting checkpoint of this run is labelled in results: "pre", "grok", … or "sam-pre" for a SAM-trained run.</summary>
    public string StartLabel(string checkpoint) => Recipe.Sam ? $"sam-{checkpoint}" : checkpoint;
}
