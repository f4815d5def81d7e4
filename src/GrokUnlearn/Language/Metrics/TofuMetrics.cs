namespace GrokUnlearn.Language.Metrics;

/// <summary>
/// TOFU's per-question quantities (unlearning.md §3.5), on plain numbers so each can be checked by hand: the
/// length-normalised answer probability, the truth ratio and its two summaries, Extraction Strength, exact
/// memorisation, and model utility's harmonic mean.
/// </summary>
public static class TofuMetrics
{
    /// <summary>P̃(a|q) = exp(−mean token NLL of the answer).</summary>
    public static double Probability(double meanNll) => Math.Exp(-meanNll);

    /// <summary>
    /// R = GM_i P̃(perturbed_i | q) / P̃(paraphrased | q), the geometric mean taken as exp(−mean_i mean-NLL_i).
    /// Near 1: the model cannot tell the right answer from wrong ones; near 0: it prefers the right one.
    /// </summary>
    public static double TruthRatio(double paraphrasedMeanNll, IReadOnlyList<double> perturbedMeanNll)
    {
        if (perturbedMeanNll.Count == 0) throw new ArgumentException("a truth ratio needs at least one perturbed answer.");
        return Math.Exp(-perturbedMeanNll.Average() + paraphrasedMeanNll);
    }

    /// <summary>Forget-set summary: mean of min(R, 1/R) (1 = indifferent between right and wrong answers).</summary>
    public static double ForgetTruthRatio(IEnumerable<double> ratios) => ratios.Select(r => Math.Min(r, 1 / r)).Average();

    /// <summary>Retain / world-facts summary (the utility component): mean of max(0, 1 − R).</summary>
    public static double TruthRatioScore(IEnumerable<double> ratios) => ratios.Select(r => Math.Max(0, 1 - r)).Average();

    /// <summary>
    /// Extraction Strength as open-unlearning computes it (evals/metrics/memorization.py). <paramref name="correct"/>
    /// says, per answer token including the final eos, whether the teacher-forced greedy prediction is right; like
    /// open-unlearning (its tokenwise_vocab_logprobs drops the last label), the eos prediction is not counted, leaving
    /// n tokens. k = the first position from which every prediction is right; when no suffix is right, its loop ends at
    /// k = n − 1. ES = 1 − k/n: 1 = the whole answer extracted, 1/n = nothing (never 0); an answer of eos alone scores 0.
    /// </summary>
    public static double ExtractionStrength(IReadOnlyList<bool> correct)
    {
        var n = Scored(correct);
        if (n == 0) return 0;
        var k = n;
        while (k > 0 && correct[k - 1]) k--;
        return 1 - (double)Math.Min(k, n - 1) / n;
    }

    /// <summary>Exact memorisation (open-unlearning's): the fraction of answer tokens, eos prediction excluded, the teacher-forced argmax gets right.</summary>
    public static double ExactMemorisation(IReadOnlyList<bool> correct)
    {
        var n = Scored(correct);
        return n == 0 ? 0 : correct.Take(n).Count(c => c) / (double)n;
    }

    private static int Scored(IReadOnlyList<bool> correct) => correct.Count > 0
        ? correct.Count - 1
        : throw new ArgumentException("an answer has at least its eos token.");

    /// <summary>Harmonic mean; any zero makes it zero (TOFU's model utility).</summary>
    public static double HarmonicMean(IReadOnlyList<double> values) =>
        values.Any(v => v <= 0) ? 0 : values.Count / values.Sum(v => 1 / v);
}
