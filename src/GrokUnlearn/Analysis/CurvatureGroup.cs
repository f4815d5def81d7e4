using System.Diagnostics;
using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>Hessian λ_max (power iteration) and trace (Hutchinson) of the loss on the forget and retain samples (float64), with their cost in gradients.</summary>
public sealed class CurvatureGroup : IMeasureGroup
{
    public string Name => "curvature";
    public IReadOnlyList<string> Measures =>
    [
        "hessian_top_eigenvalue", "hessian_power_iterations", "hessian_trace", "hutchinson_samples", "hessian_trace_per_parameter",
        "hessian_top_eigenvalue_over_trace", "gradient_seconds", "hessian_top_eigenvalue_seconds", "hessian_trace_seconds",
        "hessian_top_eigenvalue_cost_in_gradients", "hvp_cost_in_gradients",
    ];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        task.Kind == TaskKind.Language ? "defined here for classifiers (one label per input)" : null;

    public void Measure(MeasureContext m)
    {
        var (s, spec) = (m.Sample, m.Spec);
        // Hessian-vector products in float64 too (Float64Model), for the same reason as the gradients.
        using var model = Float64Model.Copy(m.Task, m.Model);
        using var generator = new Generator(s.Seed ^ 0x4845);
        var parameters = model.parameters().Cast<Tensor>().ToList();
        foreach (var (set, x32, y) in new[] { ("forget", s.ForgetX, s.ForgetY), ("retain", s.RetainX, s.RetainY) })
        {
            using var x = Float64Model.Input(x32);
            using var scope = NewDisposeScope();
            model.eval();
            // The yardstick for the cost of curvature: one forward + backward on the same inputs (median of 5).
            var gradientSeconds = Enumerable.Range(0, 5).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                using var inner = NewDisposeScope();
                autograd.grad([nn.functional.cross_entropy(model.call(x), y)], parameters);
                return clock.Elapsed.TotalSeconds;
            }).Order().ElementAt(2);
            var watch = Stopwatch.StartNew();
            using var curvature = new Curvature(nn.functional.cross_entropy(model.call(x), y), parameters);
            var (lambda, iterations) = curvature.TopEigenvalue(generator, spec.HessianIterations, spec.HessianTolerance);
            var eigenSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var (trace, samples) = curvature.HutchinsonTrace(generator, spec.TraceSamples, spec.TraceTolerance, spec.TraceMinSamples);
            var traceSeconds = watch.Elapsed.TotalSeconds;
            m.Add("hessian_top_eigenvalue", "all", set, lambda);
            m.Add("hessian_power_iterations", "all", set, iterations);
            m.Add("hessian_trace", "all", set, trace);
            m.Add("hutchinson_samples", "all", set, samples);
            m.Add("hessian_trace_per_parameter", "all", set, trace / curvature.Count);
            // Scale-free: a near-zero loss makes the cross-entropy Hessian vanish, so raw λ_max and trace mostly track confidence.
            m.Add("hessian_top_eigenvalue_over_trace", "all", set, lambda / trace);
            m.Add("gradient_seconds", "all", set, gradientSeconds);
            m.Add("hessian_top_eigenvalue_seconds", "all", set, eigenSeconds);
            m.Add("hessian_trace_seconds", "all", set, traceSeconds);
            m.Add("hessian_top_eigenvalue_cost_in_gradients", "all", set, eigenSeconds / gradientSeconds);
            m.Add("hvp_cost_in_gradients", "all", set, eigenSeconds / iterations / gradientSeconds);
        }
    }
}
