using GrokUnlearn.Config;

namespace GrokUnlearn.Data;

/// <summary>Obtains a catalog dataset's files (<see cref="DatasetSources"/>) and reads its official train and test splits.</summary>
public static class ImageDatasetLoader
{
    public static async Task<(ImageSet Train, ImageSet Test)> LoadAsync(ImageDatasetSpec spec, DatasetSources sources, CancellationToken ct = default)
    {
        var info = ImageDatasetCatalog.Get(spec.Source);
        if (info.Format == ImageFormat.ClassFolders)
        {
            var root = spec.Folder ?? throw new DataSourceException($"dataset {spec.Name}: kind imagefolder needs 'folder' (a folder with train/ and val/ class folders).");
            var classes = ImageFolderReader.Classes(Path.Combine(root, "train"));
            return (ImageFolderReader.Read(Path.Combine(root, "train"), classes, spec.ImageSize),
                ImageFolderReader.Read(Path.Combine(root, "val"), classes, spec.ImageSize));
        }

        var paths = new List<string>();
        foreach (var file in info.Files) paths.Add(await sources.ResolveAsync(info, file, ct));
        return info.Format switch
        {
            ImageFormat.Idx => (ReadIdx(paths[0], paths[1], info.Classes), ReadIdx(paths[2], paths[3], info.Classes)),
            ImageFormat.Cifar10Binary => Pair(CifarBinaryReader.ReadArchive(paths[0],
                [[.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")], ["test_batch.bin"]], 1, 10)),
            ImageFormat.Cifar100Binary => Pair(CifarBinaryReader.ReadArchive(paths[0], [["train.bin"], ["test.bin"]], 2, 100)),
            ImageFormat.SvhnMat => (SvhnReader.Read(paths[0]), SvhnReader.Read(paths[1])),
            _ => throw new NotSupportedException(info.Format.ToString()),
        };
    }

    private static (ImageSet Train, ImageSet Test) Pair(IReadOnlyList<ImageSet> sets) => (sets[0], sets[1]);

    /// <summary>An IDX image file and its label file as one set (their counts must agree).</summary>
    public static ImageSet ReadIdx(string imagesPath, string labelsPath, int classes)
    {
        var (count, rows, cols, pixels) = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException($"{labelsPath}: {labels.Length} labels for the {count} images of {imagesPath}.");
        var bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0) throw new InvalidDataException($"{labelsPath}: label {labels[bad]} at index {bad}; allowed: 0 … {classes - 1}.");
        return new ImageSet(1, rows, cols, pixels, labels, classes);
    }
}
