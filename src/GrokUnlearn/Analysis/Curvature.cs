using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Loss curvature through Hessian-vector products (Pearlmutter: Hv = ∇⟨∇L, v⟩, one extra backward): the top
/// eigenvalue by power iteration and the trace by Hutchinson's estimator, as PyHessian computes them.
/// </summary>
/// <remarks>
/// TorchSharp's autograd.grad does not default retain_graph to create_graph; without retain_graph the second backward
/// aborts the process (grokking.md §4), so the first-order graph is built once with both set and kept for every HVP.
/// </remarks>
public sealed class Curvature : IDisposable
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly IList<Tensor> _gradient;

    /// <param name="loss">The scalar loss, with its graph to <paramref name="parameters"/> (evaluate it with the model in eval mode).</param>
    public Curvature(Tensor loss, IReadOnlyList<Tensor> parameters)
    {
        _parameters = parameters;
        _gradient = autograd.grad([loss], [.. parameters], retain_graph: true, create_graph: true);
        Count = parameters.Sum(p => p.numel());
    }

    /// <summary>Number of parameters (the Hessian is Count × Count).</summary>
    public long Count { get; }

    /// <summary>Hv for a direction given per parameter tensor; the result is detached.</summary>
    /// <remarks>
    /// A vector-Jacobian product of the gradient with v as its output gradient: the same numbers as differentiating
    /// ⟨∇L, v⟩ (that sum's backward hands each gradient tensor exactly v), without building the 2 × parameters
    /// multiply-and-sum nodes of the dot product and back-propagating through them. Without create_graph, autograd
    /// returns fresh tensors outside any graph: nothing to detach or copy.
    /// </remarks>
    public Tensor[] Hvp(IReadOnlyList<Tensor> v)
    {
        return [.. autograd.grad([.. _gradient], [.. _parameters], grad_outputs: [.. v], retain_graph: true)];
    }

    /// <summary>
    /// The eigenvalue of largest magnitude (sign kept): v ← Hv/‖Hv‖ from a Gaussian start until the Rayleigh quotient
    /// changes by less than <paramref name="tolerance"/> (relative), at most <paramref name="maxIterations"/> HVPs.
    /// </summary>
    public (double Eigenvalue, int Iterations) TopEigenvalue(Generator generator, int maxIterations = 100, double tolerance = 1e-3)
    {
        using var scope = NewDisposeScope();
        var v = Normalise([.. _parameters.Select(p => randn(p.shape, dtype: p.dtype, generator: generator).to(p.device))]);
        double? previous = null;
        var eigenvalue = 0.0;
        for (var i = 1; i <= maxIterations; i++)
        {
            var hv = Hvp(v);
            eigenvalue = Dot(v, hv);
            if (previous is { } prev && Math.Abs(eigenvalue - prev) / (Math.Abs(prev) + 1e-6) < tolerance) return (eigenvalue, i);
            previous = eigenvalue;
            v = Normalise(hv);
        }
        return (eigenvalue, maxIterations);
    }

    /// <summary>
    /// Hutchinson's unbiased trace estimate: the mean of vᵀHv over Rademacher v, sampled until the running mean moves by
    /// less than <paramref name="tolerance"/> (relative) after at least <paramref name="minSamples"/>, at most <paramref name="maxSamples"/>.
    /// </summary>
    public (double Trace, int Samples) HutchinsonTrace(Generator generator, int maxSamples = 100, double tolerance = 1e-3, int minSamples = 10)
    {
        var sum = 0.0;
        var mean = 0.0;
        for (var i = 1; i <= maxSamples; i++)
        {
            using var scope = NewDisposeScope();
            Tensor[] v = [.. _parameters.Select(p => (randint(0, 2, p.shape, dtype: p.dtype, generator: generator) * 2 - 1).to(p.device))];
            sum += Dot(v, Hvp(v));
            var next = sum / i;
            var converged = i >= minSamples && Math.Abs(next - mean) / (Math.Abs(mean) + 1e-6) < tolerance;
            mean = next;
            if (converged) return (mean, i);
        }
        return (mean, maxSamples);
    }

    public static double Dot(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b) =>
        a.Zip(b, (x, y) => (x.to_type(ScalarType.Float64) * y.to_type(ScalarType.Float64)).sum().ToDouble()).Sum();

    private static Tensor[] Normalise(IReadOnlyList<Tensor> v)
    {
        var norm = Math.Sqrt(Dot(v, v)) + 1e-6;
        return [.. v.Select(t => t / norm)];
    }

    public void Dispose()
    {
        foreach (var g in _gradient) g.Dispose();
    }
}
