namespace GrokUnlearn.Config;

/// <summary>The language track's decoder-only transformer: width, depth, heads, MLP width, longest sequence.</summary>
public sealed record TransformerSpec(string Name, int DModel, int Layers, int Heads, int DMlp, int MaxLength, double InitScale)
    : ModelSpec(Name, InitScale)
{
    public const string KindName = "transformer";

    public override string Kind => KindName;
    public override bool ReadsImages => false;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["d_model"] = DModel,
        ["layers"] = Layers,
        ["heads"] = Heads,
        ["d_mlp"] = DMlp,
        ["max_length"] = MaxLength,
        ["init_scale"] = InitScale,
    };
}
