using GrokUnlearn.Config;
using static TorchSharp.torch;

namespace GrokUnlearn.Data;

/// <summary>
/// All pairs (a, b) of a ∘ b mod p (b ≠ 0 for division), with a seeded train/test split. The split uses its own
/// System.Random(split_seed) permutation (stable across .NET versions for a given seed), not the torch RNG,
/// so the split is independent of model seeds.
/// </summary>
public static class ModularArithmetic
{
    public static int Apply(ModularOp op, int a, int b, int p) => op switch
    {
        ModularOp.Add => (a + b) % p,
        ModularOp.Sub => ((a - b) % p + p) % p,
        ModularOp.Mul => (int)((long)a * b % p),
        ModularOp.Div => (int)((long)a * Inverse(b, p) % p),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Multiplicative inverse mod a prime p (Fermat: b^(p−2)).</summary>
    public static int Inverse(int b, int p)
    {
        if (b % p == 0) throw new ArgumentException($"0 has no inverse mod {p}.", nameof(b));
        long result = 1, @base = b % p, e = p - 2;
        while (e > 0)
        {
            if ((e & 1) == 1) result = result * @base % p;
            @base = @base * @base % p;
            e >>= 1;
        }
        return (int)result;
    }

    public static IReadOnlyList<ModularPairRow> Generate(ModularDatasetSpec spec)
    {
        var pairs = new List<(int A, int B)>();
        for (var a = 0; a < spec.P; a++)
            for (var b = spec.Op == ModularOp.Div ? 1 : 0; b < spec.P; b++)
                pairs.Add((a, b));

        var order = Enumerable.Range(0, pairs.Count).ToArray();
        new Random(spec.SplitSeed).Shuffle(order);
        var trainCount = (int)Math.Round(spec.TrainFraction * pairs.Count, MidpointRounding.AwayFromZero);
        trainCount = Math.Clamp(trainCount, 1, pairs.Count - 1);
        var isTrain = new bool[pairs.Count];
        foreach (var i in order.Take(trainCount)) isTrain[i] = true;

        return pairs.Select((pair, i) => new ModularPairRow
        {
            Index = i,
            A = pair.A,
            B = pair.B,
            C = Apply(spec.Op, pair.A, pair.B, spec.P),
            Split = isTrain[i] ? "train" : "test",
        }).ToList();
    }

    /// <summary>Pairs as model inputs [N, 2] (a, b) and labels [N] (c), both int64.</summary>
    public static (Tensor Inputs, Tensor Labels) ToTensors(IReadOnlyList<ModularPairRow> rows)
    {
        var flat = new long[rows.Count * 2];
        for (var i = 0; i < rows.Count; i++)
        {
            flat[2 * i] = rows[i].A;
            flat[2 * i + 1] = rows[i].B;
        }
        return (tensor(flat).reshape(rows.Count, 2), tensor(rows.Select(r => (long)r.C).ToArray()));
    }
}
