namespace GrokUnlearn.Config;

/// <summary>A modular-arithmetic dataset: all pairs (a, b) with c = a ∘ b mod p, split into train and test by a seed.</summary>
public sealed record ModularDatasetSpec(string Name, ModularOp Op, int P, double TrainFraction, int SplitSeed) : DatasetSpec(Name)
{
    public const string KindName = "modular";

    public override string Kind => KindName;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["op"] = Op.ToString().ToLowerInvariant(),
        ["p"] = P,
        ["train_fraction"] = TrainFraction,
        ["split_seed"] = SplitSeed,
    };
}
