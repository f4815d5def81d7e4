using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Forget/retain gradient alignment (grokking.md §3.1): cosine between the mean-loss gradients of the two sets, over
/// all parameters and per layer, and the mean pairwise cosine of per-example gradients. To first order one ascent step
/// η·g_F changes the retain loss by −η⟨g_R, g_F⟩, so a lower cosine means forgetting disturbs the retain set less.
/// </summary>
public static class GradientAlignment
{
    /// <summary>
    /// Mean cross-entropy gradient per named parameter (model in eval mode; detached copies). A large set (more than
    /// one evaluation chunk, e.g. thousands of images) is summed chunk by chunk, each weighted by its share of the rows.
    /// </summary>
    public static Dictionary<string, Tensor> Gradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.eval();
        var named = model.named_parameters().ToList();
        var parameters = named.Select(p => (Tensor)p.parameter).ToList();
        var n = x.shape[0];
        var chunk = Tasks.TaskEvaluation.ChunkRows(x);
        using var scope = NewDisposeScope();
        if (n <= chunk)
        {
            var grads = autograd.grad([nn.functional.cross_entropy(model.call(x), y)], parameters);
            return named.Zip(grads).ToDictionary(t => t.First.name, t => t.Second.detach().clone().MoveToOuterDisposeScope());
        }
        var sums = parameters.Select(p => zeros_like(p)).ToList();
        for (long i = 0; i < n; i += chunk)
        {
            using var inner = NewDisposeScope();
            var len = Math.Min(chunk, n - i);
            var loss = nn.functional.cross_entropy(model.call(x.narrow(0, i, len)), y.narrow(0, i, len)) * ((double)len / n);
            foreach (var (sum, g) in sums.Zip(autograd.grad([loss], parameters))) sum.add_(g.detach());
        }
        return named.Zip(sums).ToDictionary(t => t.First.name, t => t.Second.MoveToOuterDisposeScope());
    }

    /// <summary>Cosine of two gradients over the given parameter names (all of them when null).</summary>
    public static double Cosine(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, IEnumerable<string>? names = null)
    {
        var keys = (names ?? a.Keys).ToList();
        double dot = 0, na = 0, nb = 0;
        foreach (var k in keys)
        {
            var x = a[k].to_type(ScalarType.Float64);
            var y = b[k].to_type(ScalarType.Float64);
            dot += (x * y).sum().ToDouble();
            na += x.pow(2).sum().ToDouble();
            nb += y.pow(2).sum().ToDouble();
        }
        return na == 0 || nb == 0 ? double.NaN : dot / Math.Sqrt(na * nb);
    }

    /// <summary>Euclidean norm of a gradient over all parameters.</summary>
    public static double Norm(IReadOnlyDictionary<string, Tensor> g) =>
        Math.Sqrt(g.Values.Sum(t => t.to_type(ScalarType.Float64).pow(2).sum().ToDouble()));

    /// <summary>Parameters grouped by the module that owns them: "hidden.0.weight" → "hidden.0".</summary>
    public static IEnumerable<IGrouping<string, string>> Layers(IEnumerable<string> parameterNames) =>
        parameterNames.GroupBy(n => n.Contains('.') ? n[..n.LastIndexOf('.')] : n);

    /// <summary>Angle in degrees of a cosine.</summary>
    public static double Degrees(double cosine) => Math.Acos(Math.Clamp(cosine, -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// Mean cosine over all (forget i, retain j) pairs of per-example gradients, for the given rows of each set.
    /// Each example costs one backward pass.
    /// </summary>
    public static double PairwiseMean(nn.Module<Tensor, Tensor> model, Tensor forgetX, Tensor forgetY, Tensor retainX, Tensor retainY)
    {
        using var scope = NewDisposeScope();
        var f = Normalise(PerExample(model, forgetX, forgetY), dim: 1);
        var r = Normalise(PerExample(model, retainX, retainY), dim: 1);
        return f.matmul(r.t()).mean().ToDouble();
    }

    /// <summary>[N, #params] flattened per-example gradients (float64).</summary>
    private static Tensor PerExample(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        var rows = new List<Tensor>();
        for (var i = 0; i < (int)x.shape[0]; i++)
        {
            var g = Gradient(model, x[TensorIndex.Slice(i, i + 1)], y[TensorIndex.Slice(i, i + 1)]);
            rows.Add(cat(g.Values.Select(t => t.flatten().to_type(ScalarType.Float64)).ToList()));
        }
        return stack(rows);
    }

    private static Tensor Normalise(Tensor x, int dim) => x / x.norm(dim, keepdim: true).clamp_min(1e-30);
}
