using GrokUnlearn.Language.Metrics;

namespace GrokUnlearn.Tests.Unit.Language;

public sealed class TofuMetricsTests
{
    [Fact]
    public void Two_Question_Example_Should_Match_Hand_Computed_Truth_Ratios_And_Summaries()
    {
        // Given: question 1's paraphrase has mean NLL 0.5, its two perturbed answers 1.0 and 2.0; question 2's
        // paraphrase 2.0, perturbed 1.0 and 1.0.
        var r1 = TofuMetrics.TruthRatio(0.5, [1.0, 2.0]);
        var r2 = TofuMetrics.TruthRatio(2.0, [1.0, 1.0]);

        // Then: R = exp(−mean perturbed NLL) / exp(−paraphrase NLL) = exp(0.5 − 1.5) and exp(2 − 1).
        Assert.Equal(Math.Exp(-1), r1, 12);
        Assert.Equal(Math.Exp(1), r2, 12);
        // Forget summary: mean min(R, 1/R) = e^−1 for both; retain score: mean max(0, 1 − R) = (1 − e^−1 + 0) / 2.
        Assert.Equal(Math.Exp(-1), TofuMetrics.ForgetTruthRatio([r1, r2]), 12);
        Assert.Equal((1 - Math.Exp(-1)) / 2, TofuMetrics.TruthRatioScore([r1, r2]), 12);
        Assert.Equal(Math.Exp(-0.5), TofuMetrics.Probability(0.5), 12);
    }

    [Fact]
    public void Extraction_Strength_Should_Drop_The_Eos_Prediction_And_Score_No_Match_As_One_Over_N()
    {
        // Last entry = the eos prediction, never counted. [t f t | eos] → n = 3, right from k = 2 → ES = 1 − 2/3.
        Assert.Equal(1.0 / 3, TofuMetrics.ExtractionStrength([true, false, true, true]), 12);
        Assert.Equal(1.0, TofuMetrics.ExtractionStrength([true, true, true]), 12);
        Assert.Equal(1.0, TofuMetrics.ExtractionStrength([true, true, false]), 12);   // a wrong eos does not count
        Assert.Equal(0.5, TofuMetrics.ExtractionStrength([true, false, true]), 12);   // no suffix right: 1/n, not 0
        Assert.Equal(0.0, TofuMetrics.ExtractionStrength([true]), 12);                // eos alone: nothing to extract
        Assert.Equal(2.0 / 3, TofuMetrics.ExactMemorisation([true, false, true, true]), 12);
    }

    [Fact]
    public void Extraction_Strength_Should_Equal_A_Literal_Port_Of_Open_Unlearnings_Loop_On_Every_Answer_Of_Up_To_Six_Tokens()
    {
        // memorization.py: for k in range(valid_len): if preds[k:] == labels[k:]: break; es = 1 − k / valid_len
        // (valid_len = answer labels without the eos prediction; 0 when there are none).
        static double Reference(bool[] scored)
        {
            if (scored.Length == 0) return 0;
            var k = 0;
            for (k = 0; k < scored.Length; k++)
                if (scored.Skip(k).All(c => c)) break;
            if (k == scored.Length) k = scored.Length - 1;   // Python's loop variable keeps its last value
            return 1 - (double)k / scored.Length;
        }
        for (var n = 0; n <= 6; n++)
            for (var bits = 0; bits < 1 << n; bits++)
            {
                var scored = Enumerable.Range(0, n).Select(i => (bits >> i & 1) == 1).ToArray();
                foreach (var eos in new[] { true, false })
                    Assert.Equal(Reference(scored), TofuMetrics.ExtractionStrength([.. scored, eos]), 12);
            }
    }

    [Fact]
    public void Ks_Test_Should_Match_Exact_Values_Counted_By_Hand()
    {
        // Fully separated samples of 2 and 2: D = 1; of the C(4,2) = 6 orderings, 2 reach D = 1 → p = 1/3
        // (scipy.stats.ks_2samp([1,2],[3,4]) gives 0.3333).
        var (d, p) = KolmogorovSmirnov.TwoSample([1, 2], [3, 4]);
        Assert.Equal(1.0, d, 12);
        Assert.Equal(1.0 / 3, p, 12);
        // Interleaved 1,3 vs 2,4: D = 1/2; every ordering has D ≥ 1/2 → p = 1.
        var (d2, p2) = KolmogorovSmirnov.TwoSample([1, 3], [2, 4]);
        Assert.Equal(0.5, d2, 12);
        Assert.Equal(1.0, p2, 12);
        // 3 vs 3 separated: 2 of C(6,3) = 20 orderings → p = 0.1 (scipy: 0.1).
        Assert.Equal(0.1, KolmogorovSmirnov.TwoSample([1, 2, 3], [4, 5, 6]).PValue, 12);
        // Identical samples: D = 0, p = 1.
        Assert.Equal(1.0, KolmogorovSmirnov.TwoSample([0.1, 0.5, 0.9], [0.1, 0.5, 0.9]).PValue, 12);
    }

    [Fact]
    public void Ks_P_Value_Should_Agree_With_The_Brute_Force_Count_Of_Orderings()
    {
        // Given: n = 4, m = 3; enumerate all C(7,4) = 35 orderings and count those with D ≥ the observed D.
        double[] a = [0.1, 0.4, 0.5, 0.9];
        double[] b = [0.2, 0.3, 0.35];
        var observed = KolmogorovSmirnov.Statistic(a, b);
        var pooled = a.Concat(b).ToArray();
        int extreme = 0, total = 0;
        for (var mask = 0; mask < 1 << 7; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != 4) continue;
            total++;
            var x = Enumerable.Range(0, 7).Where(i => (mask >> i & 1) == 1).Select(i => pooled[i]).ToArray();
            var y = Enumerable.Range(0, 7).Where(i => (mask >> i & 1) == 0).Select(i => pooled[i]).ToArray();
            if (KolmogorovSmirnov.Statistic(x, y) >= observed - 1e-12) extreme++;
        }
        Assert.Equal(35, total);
        Assert.Equal((double)extreme / total, KolmogorovSmirnov.TwoSample(a, b).PValue, 12);
    }

    [Fact]
    public void Rouge_L_Recall_And_Harmonic_Mean_Should_Match_Hand_Values()
    {
        // LCS of "the father was a baker" in "the father of x was a pilot ." = the father was a → 4 of 5 reference words.
        Assert.Equal(0.8, RougeL.Recall("the father of x was a pilot .", "The father was a baker."), 12);
        Assert.Equal(0.0, RougeL.Recall("", "a b"), 12);
        Assert.Equal(3 / (1 / 0.5 + 1 / 0.25 + 1 / 1.0), TofuMetrics.HarmonicMean([0.5, 0.25, 1.0]), 12);
        Assert.Equal(0.0, TofuMetrics.HarmonicMean([0.5, 0.0]), 12);
    }
}
