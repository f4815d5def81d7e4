using GrokUnlearn.Config;

namespace GrokUnlearn.Data;

/// <summary>
/// Draws the training and evaluation subsets once: a System.Random(split_seed) permutation of each official split
/// (stable across .NET versions), its first N indices kept in ascending order. N = 0 keeps the whole split.
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

    public static IReadOnlyList<ImageRow> Rows(ImageDatasetSpec spec, ImageSet train, ImageSet test)
    {
        if (spec.TrainSubset > train.Count)
            throw new DataSourceException($"dataset {spec.Name}: train_subset {spec.TrainSubset} exceeds the {train.Count} training images of {spec.Source}; allowed: 0 (all) … {train.Count}.");
        if (spec.TestSubset > test.Count)
            throw new DataSourceException($"dataset {spec.Name}: test_subset {spec.TestSubset} exceeds the {test.Count} test images of {spec.Source}; allowed: 0 (all) … {test.Count}.");
        var rows = new List<ImageRow>();
        foreach (var (set, source, size, salt) in new[] { (train, "train", spec.TrainSubset, 1), (test, "test", spec.TestSubset, 2) })
            foreach (var i in Draw(set.Count, size, spec.SplitSeed, salt))
                rows.Add(new ImageRow
                {
                    Index = rows.Count, SourceSplit = source, SourceIndex = i, Label = set.Labels[i], Split = source,
                    Pixels = set.Image(i).ToArray(),
                });
        return rows;
    }
}
