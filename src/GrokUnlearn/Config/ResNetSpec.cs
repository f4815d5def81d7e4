namespace GrokUnlearn.Config;

/// <summary>
/// ResNet-18 in its CIFAR variant (He et al. 2016 as used for CIFAR: 3×3 stem, stride 1, no max-pool; four stages of two
/// basic blocks with 64·w, 128·w, 256·w, 512·w channels). BatchNorm is optional (grokking studies often remove it;
/// Humayun et al. replace it by the identity).
/// </summary>
public sealed record ResNetSpec(string Name, double WidthMultiplier, bool BatchNorm, double InitScale) : ModelSpec(Name, InitScale)
{
    public const string KindName = "resnet18";

    public override string Kind => KindName;
    public override bool ReadsImages => true;

    /// <summary>Channels of the four stages: 64, 128, 256, 512 times the width multiplier (at least 1).</summary>
    public IReadOnlyList<int> StageWidths => [.. new[] { 64, 128, 256, 512 }.Select(c => Math.Max(1, (int)Math.Round(c * WidthMultiplier)))];

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["width_multiplier"] = WidthMultiplier,
        ["batch_norm"] = BatchNorm,
        ["init_scale"] = InitScale,
    };
}
