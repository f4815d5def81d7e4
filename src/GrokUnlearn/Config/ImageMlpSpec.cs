namespace GrokUnlearn.Config;

/// <summary>An MLP on flattened images: Linear + ReLU per hidden width, then a Linear head (Omnigrok's 784-200-200-10 is hidden [200, 200]).</summary>
public sealed record ImageMlpSpec(string Name, IReadOnlyList<int> Hidden, double InitScale) : ModelSpec(Name, InitScale)
{
    public const string KindName = "mlp";

    public override string Kind => KindName;
    public override bool ReadsImages => true;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["hidden"] = Hidden.ToArray(),
        ["init_scale"] = InitScale,
    };
}
