using System.Globalization;
using GrokUnlearn.Pipeline;
using static TorchSharp.torch;

namespace GrokUnlearn.Data;

/// <summary>
/// An image dataset's persisted split as the Data stage wrote it (images.parquet): rows with pixels, the image shape
/// and class count from the table's metadata, and whether to standardise per channel.
/// </summary>
public sealed class ImageTable(IReadOnlyList<ImageRow> rows, int channels, int height, int width, int classes, bool normalize)
{
    public const string ChannelsKey = "grokunlearn.image.channels";
    public const string HeightKey = "grokunlearn.image.height";
    public const string WidthKey = "grokunlearn.image.width";
    public const string ClassesKey = "grokunlearn.image.classes";
    public const string NormalizeKey = "grokunlearn.image.normalize";

    public IReadOnlyList<ImageRow> Rows { get; } = rows;
    public int Channels { get; } = channels;
    public int Height { get; } = height;
    public int Width { get; } = width;
    public int Classes { get; } = classes;
    public bool Normalize { get; } = normalize;

    public static Dictionary<string, string> ShapeMetadata(ImageSet set, bool normalize) => new()
    {
        [ChannelsKey] = set.Channels.ToString(CultureInfo.InvariantCulture),
        [HeightKey] = set.Height.ToString(CultureInfo.InvariantCulture),
        [WidthKey] = set.Width.ToString(CultureInfo.InvariantCulture),
        [ClassesKey] = set.Classes.ToString(CultureInfo.InvariantCulture),
        [NormalizeKey] = normalize ? "true" : "false",
    };

    public static async Task<ImageTable> ReadAsync(string path)
    {
        var (rows, meta) = await ParquetTable.ReadAsync<ImageRow>(path);
        int Int(string key) => meta.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"{path}: metadata key '{key}' is missing (not written by the Data stage?).");
        return new ImageTable(rows.ToList(), Int(ChannelsKey), Int(HeightKey), Int(WidthKey), Int(ClassesKey),
            meta.TryGetValue(NormalizeKey, out var n) && n == "true");
    }

    /// <summary>
    /// Float32 tensors [N, C, H, W] scaled to [0, 1] (and, when normalize is set, standardised per channel with the
    /// training subset's mean and standard deviation), with int64 labels; train split first, then test.
    /// </summary>
    public (Tensor XTrain, Tensor YTrain, Tensor XTest, Tensor YTest) ToTensors()
    {
        var train = Rows.Where(r => r.Split == "train").ToList();
        var test = Rows.Where(r => r.Split == "test").ToList();
        var xTrain = Pixels(train);
        var xTest = Pixels(test);
        if (Normalize)
        {
            using var scope = NewDisposeScope();
            var mean = xTrain.mean([0L, 2L, 3L], keepdim: true);
            var std = xTrain.std([0L, 2L, 3L], keepdim: true).clamp_min(1e-6);
            xTrain.sub_(mean).div_(std);
            xTest.sub_(mean).div_(std);
        }
        return (xTrain, Labels(train), xTest, Labels(test));
    }

    private Tensor Pixels(List<ImageRow> rows)
    {
        var bytes = new byte[rows.Count * Channels * Height * Width];
        for (var i = 0; i < rows.Count; i++) rows[i].Pixels.CopyTo(bytes, i * Channels * Height * Width);
        using var raw = tensor(bytes, [rows.Count, Channels, Height, Width]);
        return raw.to_type(ScalarType.Float32).div_(255.0);
    }

    private static Tensor Labels(List<ImageRow> rows) => tensor(rows.Select(r => (long)r.Label).ToArray());
}
