using GrokUnlearn.Config;

namespace GrokUnlearn.Data;

/// <summary>
/// Draws the training and evaluation subsets once: a System.Random(split_seed) permutation of each official split
/// (stable across .NET versions), its first N indices kept in ascending order. N = 0 keeps the whole split. A
/// validation subset of V images takes the next V indices of the training split's permutation, so it never overlaps the
/// training subset, which (for N &gt; 0) is the same with or without it; with N = 0 the training subset is the rest of
/// the split, all but the last V of the permutation.
/// </summary>
public static class ImageSubset
{
    public static IReadOnlyList<int> Draw(int count, int size, int seed, int salt)
    {
        if (size <= 0 || size >= count) return Enumerable.Range(0, count).ToList();
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(seed * 31 + salt)).Shuffle(order);
        return order.Take(size).Order().ToList();
    }

    /// <summary>The training subset and the validation subset of the official training split (indices ascending).</summary>
    public static (IReadOnlyList<int> Train, IReadOnlyList<int> Validation) DrawWithValidation(int count, int size, int validation, int seed)
    {
        if (validation <= 0) return (Draw(count, size, seed, 1), []);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(seed * 31 + 1)).Shuffle(order);
        var trainCount = size > 0 ? size : count - validation;
        return (order.Take(trainCount).Order().ToList(), order.Skip(trainCount).Take(validation).Order().ToList());
    }

    public static IReadOnlyList<ImageRow> Rows(ImageDatasetSpec spec, ImageSet train, ImageSet test)
    {
        if (spec.ValidationSubset > 0 && (spec.TrainSubset > 0 ? spec.TrainSubset : 1) + spec.ValidationSubset > train.Count)
            throw new DataSourceException($"dataset {spec.Name}: train_subset {spec.TrainSubset} + validation_subset {spec.ValidationSubset} exceed the {train.Count} training images of {spec.Source}; allowed: at most {train.Count} together (validation is carved from the training split).");
        if (spec.TrainSubset > train.Count)
            throw new DataSourceException($"dataset {spec.Name}: train_subset {spec.TrainSubset} exceeds the {train.Count} training images of {spec.Source}; allowed: 0 (all) … {train.Count}.");
        if (spec.TestSubset > test.Count)
            throw new DataSourceException($"dataset {spec.Name}: test_subset {spec.TestSubset} exceeds the {test.Count} test images of {spec.Source}; allowed: 0 (all) … {test.Count}.");
        var rows = new List<ImageRow>();
        var (training, validation) = DrawWithValidation(train.Count, spec.TrainSubset, spec.ValidationSubset, spec.SplitSeed);
        foreach (var (set, source, indices, split) in new[]
                 {
                     (train, "train", training, "train"), (test, "test", Draw(test.Count, spec.TestSubset, spec.SplitSeed, 2), "test"),
                     (train, "train", validation, ImageRow.Validation),
                 })
            foreach (var i in indices)
                rows.Add(new ImageRow
                {
                    Index = rows.Count, SourceSplit = source, SourceIndex = i, Label = set.Labels[i], Split = split,
                    Pixels = set.Image(i).ToArray(),
                });
        return rows;
    }
}
