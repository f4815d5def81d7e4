using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// CKA of every representation layer against a partner state on the same inputs (θ_pre before unlearning, the starting
/// checkpoint after), and of the final-layer feature between matched forget and retain inputs.
/// </summary>
public sealed class CkaGroup : IMeasureGroup
{
    public string Name => "cka";
    public IReadOnlyList<string> Measures => ["cka_linear", "cka_debiased", "matched_pairs"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        model is not IProbedModel ? $"model {model.GetName()} declares no representation layers" : null;

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var s = m.Sample;
        var layers = ((IProbedModel)m.Model).RepresentationLayers;
        if (m.Partner is not null)
        {
            // CKA compares Gram matrices: a set of fewer than 2 inputs (a tiny forget set) has none to compare.
            foreach (var (set, x) in new[] { ("forget", s.ForgetX), ("retain", s.RetainX), ("test", s.TestX) }.Where(t => t.Item2.shape[0] >= 2))
            {
                var mine = ActivationCapture.Read(m.Model, layers, x);
                var theirs = ActivationCapture.Read(m.Partner, layers, x);
                for (var l = 0; l < mine.Count; l++)
                {
                    m.Add("cka_linear", mine[l].Name, set, Cka.Linear(mine[l].Activation, theirs[l].Activation), m.PartnerLabel!);
                    if (x.shape[0] >= 4) m.Add("cka_debiased", mine[l].Name, set, Cka.Debiased(mine[l].Activation, theirs[l].Activation), m.PartnerLabel!);
                }
            }
        }
        if (s.MatchedForgetX.shape[0] >= 4)
        {
            var f = ActivationCapture.Read(m.Model, layers, s.MatchedForgetX);
            var r = ActivationCapture.Read(m.Model, layers, s.MatchedRetainX);
            m.Add("cka_linear", f[^2].Name, "forget-vs-retain", Cka.Linear(f[^2].Activation, r[^2].Activation), "matched");
            m.Add("cka_debiased", f[^2].Name, "forget-vs-retain", Cka.Debiased(f[^2].Activation, r[^2].Activation), "matched");
            m.Add("matched_pairs", f[^2].Name, "forget-vs-retain", s.MatchedForgetX.shape[0]);
        }
    }
}
