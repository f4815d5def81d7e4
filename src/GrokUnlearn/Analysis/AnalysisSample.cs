using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// The inputs every analysis of one dataset × scenario × seed uses: up to <c>samples</c> rows of the forget, retain and
/// test sets, drawn once from a generator seeded by those three names, so θ_pre, θ_grok and every unlearned model are
/// measured on the same inputs. Also pairs each forget input with a retain input for the forget-vs-retain CKA.
/// </summary>
public sealed class AnalysisSample : IDisposable
{
    public AnalysisSample(UnlearnData data, int p, int samples, string dataset, string scenario, int seed)
    {
        Seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"analyze/{dataset}/{scenario}/{seed}")), 0);
        using var generator = new Generator(Seed);
        (ForgetX, ForgetY) = Draw(data.ForgetX, data.ForgetY, samples, generator);
        (RetainX, RetainY) = Draw(data.RetainX, data.RetainY, samples, generator);
        (TestX, TestY) = Draw(data.TestX, data.TestY, samples, generator);
        (MatchedForgetX, MatchedRetainX) = Match(ForgetX, data.RetainX, p);
    }

    /// <summary>Seeds the cell's own random draws (directions, random points, power-iteration starts) too.</summary>
    public ulong Seed { get; }
    public Tensor ForgetX { get; }
    public Tensor ForgetY { get; }
    public Tensor RetainX { get; }
    public Tensor RetainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    /// <summary>Forget inputs that have a partner, and their partners: the retain pair with the same first operand and the nearest second operand (circular distance).</summary>
    public Tensor MatchedForgetX { get; }
    public Tensor MatchedRetainX { get; }

    /// <summary>How the forget-vs-retain CKA pairs its rows (CKA needs paired inputs; the report states this).</summary>
    public const string Pairing = "each forget pair (a, b) with the retain pair (a, b′) of nearest b′ (circular distance mod p)";

    private static (Tensor X, Tensor Y) Draw(Tensor x, Tensor y, int samples, Generator generator)
    {
        var n = x.shape[0];
        if (n <= samples) return (x.clone(), y.clone());
        using var order = randperm(n, generator: generator);
        using var pick = order[..samples].sort().Values;
        return (x.index_select(0, pick), y.index_select(0, pick));
    }

    private static (Tensor Forget, Tensor Retain) Match(Tensor forget, Tensor retain, int p)
    {
        var f = forget.data<long>().ToArray();
        var r = retain.data<long>().ToArray();
        var byFirst = Enumerable.Range(0, r.Length / 2).GroupBy(i => r[2 * i]).ToDictionary(g => g.Key, g => g.ToList());
        var left = new List<long>();
        var right = new List<long>();
        for (var i = 0; i < f.Length / 2; i++)
        {
            var (a, b) = (f[2 * i], f[2 * i + 1]);
            if (!byFirst.TryGetValue(a, out var candidates)) continue;
            var best = candidates.MinBy(j => Math.Min(Math.Abs(r[2 * j + 1] - b), p - Math.Abs(r[2 * j + 1] - b)));
            left.AddRange([a, b]);
            right.AddRange([r[2 * best], r[2 * best + 1]]);
        }
        return (tensor(left.ToArray()).reshape(-1, 2), tensor(right.ToArray()).reshape(-1, 2));
    }

    public void Dispose()
    {
        foreach (var t in new[] { ForgetX, ForgetY, RetainX, RetainY, TestX, TestY, MatchedForgetX, MatchedRetainX }) t.Dispose();
    }
}
