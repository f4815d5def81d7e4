namespace GrokUnlearn.Config;

/// <summary>
/// Embedding MLP for modular arithmetic: a shared token embedding for a and b, concatenated, then ReLU hidden layers, then p logits.
/// InitScale multiplies every initial parameter (Omnigrok's α).
/// </summary>
public sealed record ModelSpec(string Name, int EmbedDim, IReadOnlyList<int> Hidden, double InitScale)
{
    public const string Kind = "modular_mlp";

    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = Kind,
        ["embed_dim"] = EmbedDim,
        ["hidden"] = Hidden.ToArray(),
        ["init_scale"] = InitScale,
    };
}
