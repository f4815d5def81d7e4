using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>Forget/retain gradient cosine over all parameters and per layer, gradient norms (full sets), and the mean pairwise per-example cosine (on the sample).</summary>
public sealed class GradientAlignmentGroup : IMeasureGroup
{
    public string Name => "gradient alignment";
    public IReadOnlyList<string> Measures => ["grad_cosine", "grad_angle_deg", "grad_norm", "grad_pairwise_cosine"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        task.Kind == TaskKind.Language ? "defined here for classifiers (one label per input)" : null;

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        var (model, data, s) = (m.Model, m.Data, m.Sample);
        var gf = GradientAlignment.Gradient(model, data.ForgetX, data.ForgetY);
        var gr = GradientAlignment.Gradient(model, data.RetainX, data.RetainY);
        var cosine = GradientAlignment.Cosine(gf, gr);
        m.Add("grad_cosine", "all", "forget-vs-retain", cosine);
        m.Add("grad_angle_deg", "all", "forget-vs-retain", GradientAlignment.Degrees(cosine));
        foreach (var layer in GradientAlignment.Layers(gf.Keys))
            m.Add("grad_cosine", layer.Key, "forget-vs-retain", GradientAlignment.Cosine(gf, gr, layer));
        m.Add("grad_norm", "all", "forget", GradientAlignment.Norm(gf));
        m.Add("grad_norm", "all", "retain", GradientAlignment.Norm(gr));
        var k = (int)Math.Min(m.Spec.PairwiseExamples, Math.Min(s.ForgetX.shape[0], s.RetainX.shape[0]));
        m.Add("grad_pairwise_cosine", "all", "forget-vs-retain",
            GradientAlignment.PairwiseMean(model, s.ForgetX[..k], s.ForgetY[..k], s.RetainX[..k], s.RetainY[..k]));
    }
}
