using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Forget/retain gradient cosine over all parameters and per layer, gradient norms (full sets), and the mean pairwise
/// per-example cosine (on the sample); all in float64.
/// </summary>
public sealed class GradientAlignmentGroup : IMeasureGroup
{
    public string Name => "gradient alignment";
    public IReadOnlyList<string> Measures => ["grad_cosine", "grad_angle_deg", "grad_norm", "grad_pairwise_cosine"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        task.Kind == TaskKind.Language ? "defined here for classifiers (one label per input)" : null;

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        // Losses and gradients in float64 (Float64Model): a grokked checkpoint's float32 forget loss has few digits left.
        using var model = Float64Model.Copy(m.Task, m.Model);
        var (data, s) = (m.Data, m.Sample);
        var gf = GradientAlignment.Gradient(model, Float64Model.Input(data.ForgetX), data.ForgetY);
        var gr = GradientAlignment.Gradient(model, Float64Model.Input(data.RetainX), data.RetainY);
        var cosine = GradientAlignment.Cosine(gf, gr);
        m.Add("grad_cosine", "all", "forget-vs-retain", cosine);
        m.Add("grad_angle_deg", "all", "forget-vs-retain", GradientAlignment.Degrees(cosine));
        foreach (var layer in GradientAlignment.Layers(gf.Keys))
            m.Add("grad_cosine", layer.Key, "forget-vs-retain", GradientAlignment.Cosine(gf, gr, layer));
        m.Add("grad_norm", "all", "forget", GradientAlignment.Norm(gf));
        m.Add("grad_norm", "all", "retain", GradientAlignment.Norm(gr));
        var k = (int)Math.Min(m.Spec.PairwiseExamples, Math.Min(s.ForgetX.shape[0], s.RetainX.shape[0]));
        m.Add("grad_pairwise_cosine", "all", "forget-vs-retain",
            GradientAlignment.PairwiseMean(model, Float64Model.Input(s.ForgetX[..k]), s.ForgetY[..k], Float64Model.Input(s.RetainX[..k]), s.RetainY[..k]));
    }
}
