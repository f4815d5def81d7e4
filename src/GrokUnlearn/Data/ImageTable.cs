using System.Globalization;
using GrokUnlearn.Storage;
using static TorchSharp.torch;

namespace GrokUnlearn.Data;

/// <summary>
/// An image dataset's persisted split as the Data stage wrote it (images.parquet): rows with pixels, the image shape
/// and class count from the table's metadata, and whether to standardise per channel — with the per-channel mean and
/// standard deviation of the training subset, fixed once at the Data stage, so every model (a retrain oracle trained on
/// the retain rows included) sees its inputs scaled exactly alike.
/// </summary>
public sealed class ImageTable(IReadOnlyList<ImageRow> rows, int channels, int height, int width, int classes, bool normalize,
    float[]? mean = null, float[]? std = null)
{
    public const string MeanKey = "grokunlearn.image.mean";
    public const string StdKey = "grokunlearn.image.std";

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

    /// <summary>Per-channel mean and standard deviation of the training subset's [0, 1] pixels (from the metadata, or computed from the table's training rows for tables written before they were stored).</summary>
    public (float[] Mean, float[] Std) Statistics => _statistics.Value;

    private readonly Lazy<(float[], float[])> _statistics = new(() =>
        mean is not null && std is not null ? (mean, std) : TrainingStatistics(rows, channels, height, width));

    public static Dictionary<string, string> ShapeMetadata(ImageSet set, bool normalize, IReadOnlyList<ImageRow> rows)
    {
        var (mean, std) = TrainingStatistics(rows, set.Channels, set.Height, set.Width);
        var meta = ShapeMetadata(set, normalize);
        meta[MeanKey] = string.Join(",", mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        meta[StdKey] = string.Join(",", std.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return meta;
    }

    private static Dictionary<string, string> ShapeMetadata(ImageSet set, bool normalize) => new()
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
        float[]? Floats(string key) => meta.TryGetValue(key, out var v)
            ? v.Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : null;
        return new ImageTable(rows.ToList(), Int(ChannelsKey), Int(HeightKey), Int(WidthKey), Int(ClassesKey),
            meta.TryGetValue(NormalizeKey, out var n) && n == "true", Floats(MeanKey), Floats(StdKey));
    }

    /// <summary>Per-channel mean and (unbiased) standard deviation over the training rows' [0, 1] pixels, std clamped at 1e-6.</summary>
    public static (float[] Mean, float[] Std) TrainingStatistics(IReadOnlyList<ImageRow> rows, int channels, int height, int width)
    {
        var train = rows.Where(r => r.Split == "train").ToList();
        if (train.Count == 0) return (new float[channels], Enumerable.Repeat(1f, channels).ToArray());
        using var scope = NewDisposeScope();
        var x = Pixels(train, channels, height, width);
        var mean = x.mean([0L, 2L, 3L]).data<float>().ToArray();
        var std = x.std([0L, 2L, 3L]).clamp_min(1e-6).data<float>().ToArray();
        return (mean, std);
    }

    /// <summary>
    /// Float32 images [N, C, H, W] of <paramref name="rows"/> scaled to [0, 1] (and, when normalize is set, standardised
    /// per channel with the training subset's fixed <see cref="Statistics"/>), with int64 labels.
    /// </summary>
    public (Tensor X, Tensor Y) ToTensors(IReadOnlyList<ImageRow> rows)
    {
        var x = Pixels(rows, Channels, Height, Width);
        if (Normalize)
        {
            using var scope = NewDisposeScope();
            var mean = tensor(Statistics.Mean).reshape(1, Channels, 1, 1);
            var std = tensor(Statistics.Std).reshape(1, Channels, 1, 1);
            x.sub_(mean).div_(std);
        }
        return (x, Labels(rows));
    }

    private static Tensor Pixels(IReadOnlyList<ImageRow> rows, int channels, int height, int width)
    {
        var (Channels, Height, Width) = (channels, height, width);
        var bytes = new byte[rows.Count * Channels * Height * Width];
        for (var i = 0; i < rows.Count; i++) rows[i].Pixels.CopyTo(bytes, i * Channels * Height * Width);
        using var raw = tensor(bytes, [rows.Count, Channels, Height, Width]);
        return raw.to_type(ScalarType.Float32).div_(255.0);
    }

    private static Tensor Labels(IReadOnlyList<ImageRow> rows) => tensor(rows.Select(r => (long)r.Label).ToArray());
}
