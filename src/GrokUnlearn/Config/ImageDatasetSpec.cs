namespace GrokUnlearn.Config;

/// <summary>
/// A real image dataset from the catalog (<see cref="Data.ImageDatasetCatalog"/>): its official files, subsets of its
/// train and test splits drawn once by SplitSeed (0 = the whole split), and optional per-channel standardisation with the
/// training subset's mean and standard deviation. ImageNet-style folders need <see cref="Folder"/> and an image size.
/// <see cref="ValidationSubset"/> images of the official training split, disjoint from the training subset, form the
/// validation split that checkpoint selection reads (never trained on, never used for test accuracy).
/// </summary>
public sealed record ImageDatasetSpec(string Name, string Source, int TrainSubset, int TestSubset, int SplitSeed, bool Normalize,
    string? Folder = null, int ImageSize = 0, int ValidationSubset = 0) : DatasetSpec(Name)
{
    public override string Kind => Source;

    public override SortedDictionary<string, object> Parameters()
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["kind"] = Source,
            ["train_subset"] = TrainSubset,
            ["test_subset"] = TestSubset,
            ["split_seed"] = SplitSeed,
            ["normalize"] = Normalize,
        };
        // A folder dataset is identified by its path and size (its files have no published checksums).
        if (Folder is not null) p["folder"] = Folder;
        if (ImageSize > 0) p["image_size"] = ImageSize;
        if (ValidationSubset > 0) p["validation_subset"] = ValidationSubset;
        return p;
    }
}
