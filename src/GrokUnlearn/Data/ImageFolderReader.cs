using SkiaSharp;

namespace GrokUnlearn.Data;

/// <summary>
/// ImageNet-style class folders (<c>root/train/&lt;class&gt;/*.JPEG</c>, <c>root/val/&lt;class&gt;/…</c>, as for ImageNet-100):
/// labels are the class folder names in ordinal order; each image is decoded (SkiaSharp: JPEG, PNG, …), centre-cropped
/// to a square and resized to size × size RGB.
/// </summary>
public static class ImageFolderReader
{
    private static readonly string[] Extensions = [".jpeg", ".jpg", ".png", ".bmp", ".webp", ".gif"];

    /// <summary>The class names of a split folder, in label order.</summary>
    public static IReadOnlyList<string> Classes(string splitDir)
    {
        if (!Directory.Exists(splitDir)) throw new DirectoryNotFoundException($"{splitDir}: folder not found (expected one sub-folder per class).");
        var classes = Directory.GetDirectories(splitDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) throw new InvalidDataException($"{splitDir}: no class folders found (expected one sub-folder per class).");
        return classes;
    }

    public static ImageSet Read(string splitDir, IReadOnlyList<string> classes, int size)
    {
        var files = new List<(string Path, int Label)>();
        for (var label = 0; label < classes.Count; label++)
        {
            var dir = Path.Combine(splitDir, classes[label]);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: class folder '{classes[label]}' is missing from this split.");
            files.AddRange(Directory.GetFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal).Select(f => (f, label)));
        }
        if (files.Count == 0) throw new InvalidDataException($"{splitDir}: no images found (allowed extensions: {string.Join(", ", Extensions)}).");
        var imageBytes = 3 * size * size;
        var pixels = new byte[files.Count * imageBytes];
        try
        {
            Parallel.For(0, files.Count, i => Decode(files[i].Path, size, pixels.AsSpan(i * imageBytes, imageBytes)));
        }
        catch (AggregateException ex)
        {
            // Report the first bad file as itself, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        return new ImageSet(3, size, size, pixels, files.Select(f => f.Label).ToArray(), classes.Count);
    }

    /// <summary>Decodes one image into CHW RGB bytes of size × size.</summary>
    public static void Decode(string path, int size, Span<byte> chw)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a decodable image.");
        var side = Math.Min(decoded.Width, decoded.Height);
        using var square = new SKBitmap();
        var crop = SKRectI.Create((decoded.Width - side) / 2, (decoded.Height - side) / 2, side, side);
        if (!decoded.ExtractSubset(square, crop)) throw new InvalidDataException($"{path}: could not crop the image.");
        using var resized = square.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)) ?? throw new InvalidDataException($"{path}: could not resize the image.");
        var rgba = resized.GetPixelSpan();
        var plane = size * size;
        for (var p = 0; p < plane; p++)
        {
            chw[p] = rgba[4 * p];
            chw[plane + p] = rgba[4 * p + 1];
            chw[2 * plane + p] = rgba[4 * p + 2];
        }
    }
}
