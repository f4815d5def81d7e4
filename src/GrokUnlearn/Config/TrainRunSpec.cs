namespace GrokUnlearn.Config;

/// <summary>One entry of the profile's <c>train</c> list: a dataset × model × recipe, trained once per seed.</summary>
public sealed record TrainRunSpec(DatasetSpec Dataset, ModelSpec Model, RecipeSpec Recipe, IReadOnlyList<int> Seeds);
