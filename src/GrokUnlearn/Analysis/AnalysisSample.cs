using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// The inputs every analysis of one dataset × scenario × seed uses: up to <c>samples</c> rows of the forget, retain and
/// test sets, drawn once from a generator seeded by those three names, so θ_pre, θ_grok and every unlearned model are
/// measured on the same inputs. Also pairs each forget input with a retain input for the forget-vs-retain CKA, by the
/// task's rule (<see cref="LearningTask.PairingRule"/>; empty when the task has none).
/// </summary>
public sealed class AnalysisSample : IDisposable
{
    public AnalysisSample(UnlearnData data, LearningTask task, int samples, string dataset, string scenario, int seed)
    {
        Seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"analyze/{dataset}/{scenario}/{seed}")), 0);
        using var generator = new Generator(Seed);
        (ForgetX, ForgetY) = Draw(data.ForgetX, data.ForgetY, samples, generator);
        (RetainX, RetainY) = Draw(data.RetainX, data.RetainY, samples, generator);
        (TestX, TestY) = Draw(data.TestX, data.TestY, samples, generator);
        Pairing = task.PairingRule;
        (MatchedForgetX, MatchedRetainX) = task.MatchPairs(ForgetX, ForgetY, data.RetainX, data.RetainY)
            ?? (ForgetX.narrow(0, 0, 0), RetainX.narrow(0, 0, 0));
    }

    /// <summary>Seeds the cell's own random draws (directions, random points, power-iteration starts) too.</summary>
    public ulong Seed { get; }
    public Tensor ForgetX { get; }
    public Tensor ForgetY { get; }
    public Tensor RetainX { get; }
    public Tensor RetainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    /// <summary>Forget inputs that have a partner, and their partners (<see cref="Pairing"/>).</summary>
    public Tensor MatchedForgetX { get; }
    public Tensor MatchedRetainX { get; }

    /// <summary>How the forget-vs-retain CKA pairs its rows (CKA needs paired inputs; the report states this); null = no pairing.</summary>
    public string? Pairing { get; }

    private static (Tensor X, Tensor Y) Draw(Tensor x, Tensor y, int samples, Generator generator)
    {
        var n = x.shape[0];
        if (n <= samples) return (x.clone(), y.clone());
        using var order = randperm(n, generator: generator);
        using var pick = order[..samples].sort().Values.to(x.device);
        return (x.index_select(0, pick), y.index_select(0, pick));
    }

    public void Dispose()
    {
        foreach (var t in new[] { ForgetX, ForgetY, RetainX, RetainY, TestX, TestY, MatchedForgetX, MatchedRetainX }) t.Dispose();
    }
}
