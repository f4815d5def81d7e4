namespace GrokUnlearn.Config;

/// <summary>A modular-arithmetic dataset: all pairs (a, b) with c = a ∘ b mod p, split into train and test by a seed.</summary>
public sealed record DatasetSpec(string Name, ModularOp Op, int P, double TrainFraction, int SplitSeed)
{
    public const string Kind = "modular";

    /// <summary>The values a cell's fingerprint depends on (the name is an identity, not a parameter).</summary>
    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = Kind,
        ["op"] = Op.ToString().ToLowerInvariant(),
        ["p"] = P,
        ["train_fraction"] = TrainFraction,
        ["split_seed"] = SplitSeed,
    };
}
