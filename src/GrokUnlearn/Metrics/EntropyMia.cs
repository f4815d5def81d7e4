using static TorchSharp.torch;

namespace GrokUnlearn.Metrics;

/// <summary>
/// The entropy membership-inference attack of SSD / SCRUB / Bad Teacher (unlearning.md §3.2): the feature is the
/// Shannon entropy of a sample's softmax output; a balanced logistic regression learns retain (member, 1) vs test
/// (non-member, 0); the score is the fraction of the forget set predicted "member". Lower means more forgotten;
/// the honest reference is the retrain oracle's score, not 0.
/// </summary>
public static class EntropyMia
{
    public static double[] Entropies(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var logp = nn.functional.log_softmax(logits.to_type(ScalarType.Float64), 1);
        return (-(logp.exp() * logp).sum(1)).cpu().data<double>().ToArray();
    }

    public static double Score(double[] retain, double[] test, double[] forget)
    {
        var x = retain.Concat(test).ToArray();
        var y = retain.Select(_ => 1).Concat(test.Select(_ => 0)).ToArray();
        var model = LogisticRegression.FitBalanced(x, y);
        return forget.Count(e => model.Probability(e) > 0.5) / (double)forget.Length;
    }
}
