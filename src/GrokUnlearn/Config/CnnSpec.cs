namespace GrokUnlearn.Config;

/// <summary>
/// A small CNN: per entry of Channels a 3×3 convolution (padding 1), optional BatchNorm, ReLU and 2×2 max-pooling;
/// then global average pooling, an optional hidden Linear + ReLU of width Hidden (0 = none), and a Linear head.
/// </summary>
public sealed record CnnSpec(string Name, IReadOnlyList<int> Channels, int Hidden, bool BatchNorm, double InitScale) : ModelSpec(Name, InitScale)
{
    public const string KindName = "cnn";

    public override string Kind => KindName;
    public override bool ReadsImages => true;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["channels"] = Channels.ToArray(),
        ["hidden"] = Hidden,
        ["batch_norm"] = BatchNorm,
        ["init_scale"] = InitScale,
    };
}
