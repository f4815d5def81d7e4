namespace GrokUnlearn.Config;

/// <summary>
/// Embedding MLP for modular arithmetic: a shared token embedding for a and b, concatenated, then ReLU hidden layers, then p logits.
/// </summary>
public sealed record ModularMlpSpec(string Name, int EmbedDim, IReadOnlyList<int> Hidden, double InitScale) : ModelSpec(Name, InitScale)
{
    public const string KindName = "modular_mlp";

    public override string Kind => KindName;
    public override bool ReadsImages => false;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["embed_dim"] = EmbedDim,
        ["hidden"] = Hidden.ToArray(),
        ["init_scale"] = InitScale,
    };
}
