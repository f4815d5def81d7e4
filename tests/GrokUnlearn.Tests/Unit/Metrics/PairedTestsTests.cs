using GrokUnlearn.Metrics;

namespace GrokUnlearn.Tests.Unit.Metrics;

/// <summary>The report's statistics against independent values: published/known results and brute-force enumeration.</summary>
public sealed class PairedTestsTests
{
    [Fact]
    public void Wilcoxon_Should_Match_Known_Exact_P_Values()
    {
        // scipy.stats.wilcoxon([1, 2, 3, 4, 5]) (exact): statistic 0, p = 2/32 = 0.0625; ten positive differences: 2/1024.
        Assert.Equal(0.0625, WilcoxonSignedRank.Test([1, 2, 3, 4, 5]).P, 12);
        Assert.Equal(2.0 / 1024, WilcoxonSignedRank.Test([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).P, 12);
        // Three seeds: the smallest attainable p is 2/8.
        Assert.Equal(0.25, WilcoxonSignedRank.Test([-0.1, -0.2, -0.3]).P, 12);
        Assert.Equal(1.0, WilcoxonSignedRank.Test([0, 0]).P);
    }

    [Theory]
    [InlineData(new[] { 1.5, -0.5, 2.0, 3.0, 4.0, -1.0 })]
    [InlineData(new[] { 2.0, -2.0, 2.0, 1.0, 3.0, -3.0, 0.0, 5.0 })] // ties and a zero
    [InlineData(new[] { -0.3, 0.1, 0.7, 0.9, -0.2, 0.4, 1.1 })]
    public void Wilcoxon_Should_Equal_Brute_Force_Enumeration_Of_Sign_Flips(double[] d)
    {
        // Independent reference: all 2ⁿ sign assignments of the ranked |d|, counting those at least as extreme.
        var nz = d.Where(x => x != 0).ToArray();
        var ranks = nz.Select(x => nz.Count(y => Math.Abs(y) < Math.Abs(x)) + (nz.Count(y => Math.Abs(y) == Math.Abs(x)) + 1) / 2.0).ToArray();
        var observed = nz.Select((x, i) => x > 0 ? ranks[i] : 0).Sum();
        var n = nz.Length;
        int below = 0, above = 0;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var w = Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1).Sum(i => ranks[i]);
            if (w <= observed + 1e-9) below++;
            if (w >= observed - 1e-9) above++;
        }
        var expected = Math.Min(1, 2.0 * Math.Min(below, above) / (1 << n));

        var (wPlus, used, p) = WilcoxonSignedRank.Test(d);

        Assert.Equal(observed, wPlus, 9);
        Assert.Equal(n, used);
        Assert.Equal(expected, p, 12);
    }

    [Fact]
    public void Paired_T_Test_Should_Match_A_Known_Value()
    {
        // Differences 1, 2, 3: mean 2, sd 1, t = 2√3 = 3.4641 on 2 df → two-sided p = 0.074180 (t tables / scipy).
        var c = PairedComparison.Of([0, 0, 0], [1, 2, 3]);
        Assert.Equal(2.0, c.MeanDifference, 12);
        Assert.Equal(0.0741799, c.PValue!.Value, 6);
        Assert.Equal(4.302653 / Math.Sqrt(3), c.CiHalfWidth!.Value, 5); // t(0.975, 2) = 4.302653
    }

    [Fact]
    public void Bootstrap_Interval_Should_Match_The_Exact_Resampling_Distribution()
    {
        // Constant data: no spread.
        Assert.Equal((2.5, 2.5), BootstrapInterval.OfMean([2.5, 2.5, 2.5]));
        // {0, 1, 5}: the all-0 and all-5 resamples each have probability 1/27 > 2.5%, so the exact 95% percentile
        // interval is [0, 5]; {0, 1}: P(mean 0) = P(mean 1) = 1/4 → [0, 1].
        Assert.Equal((0.0, 5.0), BootstrapInterval.OfMean([0, 1, 5]));
        Assert.Equal((0.0, 1.0), BootstrapInterval.OfMean([0, 1]));
        // Ten values 0…9: the exact interval of the mean from the normal limit is 4.5 ± 1.96·σ/√n ≈ [2.72, 6.28].
        var (low, high) = BootstrapInterval.OfMean([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.InRange(low, 2.6, 2.9);
        Assert.InRange(high, 6.1, 6.4);
        Assert.Equal((low, high), BootstrapInterval.OfMean([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])); // seeded: reproducible
    }
}
