using GrokUnlearn.Data;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Data;

/// <summary>The bundled Fashion-MNIST subset and the catalog's checksums, checked against Debian's original files.</summary>
public sealed class BundledSubsetTests
{
    private static readonly ImageDatasetInfo Full = ImageDatasetCatalog.Get("fashion-mnist");
    private static readonly ImageDatasetInfo Bundled = ImageDatasetCatalog.Get("fashion-mnist-subset");

    [Fact]
    public async Task Bundled_Files_Should_Match_Their_Catalog_Checksums_And_Hold_2000_Images_Each()
    {
        var folder = Path.Combine(TestProfiles.RepoRoot(), Bundled.BundledFolder!);
        foreach (var file in Bundled.Files)
            Assert.True(await FileChecksum.MatchesAsync(Path.Combine(folder, file.FileName), file), $"{file.FileName} fails its catalog checksum");

        var train = ImageDatasetLoader.ReadIdx(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), 10);
        var test = ImageDatasetLoader.ReadIdx(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), 10);
        Assert.Equal((2000, 2000, 28, 28), (train.Count, test.Count, train.Height, train.Width));
        // The class counts stated in datasets/fashion-mnist-subset/README.md.
        Assert.Equal([194, 216, 202, 195, 186, 200, 194, 215, 198, 200], Enumerable.Range(0, 10).Select(c => train.Labels.Count(l => l == c)));
    }

    [DebianFashionMnistFact]
    public async Task Debian_Originals_Should_Pass_The_Catalog_And_Begin_With_The_Bundled_Subset()
    {
        var folder = DebianFashionMnistFactAttribute.Folder;
        foreach (var file in Full.Files)
            Assert.True(await FileChecksum.MatchesAsync(Path.Combine(folder, file.FileName), file), $"{file.FileName}: Debian's copy fails the catalog checksums");

        var original = ImageDatasetLoader.ReadIdx(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), 10);
        var bundledFolder = Path.Combine(TestProfiles.RepoRoot(), Bundled.BundledFolder!);
        var bundled = ImageDatasetLoader.ReadIdx(Path.Combine(bundledFolder, "train-images-idx3-ubyte.gz"), Path.Combine(bundledFolder, "train-labels-idx1-ubyte.gz"), 10);
        Assert.Equal(60_000, original.Count);
        Assert.Equal(original.Pixels.AsSpan(0, bundled.Pixels.Length).ToArray(), bundled.Pixels);
        Assert.Equal(original.Labels.Take(2000), bundled.Labels);
    }
}
