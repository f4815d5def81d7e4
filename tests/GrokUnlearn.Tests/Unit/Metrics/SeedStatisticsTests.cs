using GrokUnlearn.Metrics;

namespace GrokUnlearn.Tests.Unit.Metrics;

public sealed class SeedStatisticsTests
{
    [Fact]
    public void Summary_Should_Match_Hand_Computed_Mean_Std_And_T_Interval()
    {
        var s = SeedSummary.Of([0.2, 0.4, 0.9]);

        Assert.Equal(0.5, s.Mean, 12);
        Assert.Equal(Math.Sqrt((0.09 + 0.01 + 0.16) / 2), s.Std!.Value, 12);
        // t(0.975, df 2) = 4.302653 (standard table)
        Assert.Equal(4.302653 * s.Std.Value / Math.Sqrt(3), s.CiHalfWidth!.Value, 5);
    }

    [Fact]
    public void Summary_Of_One_Seed_Should_Have_No_Spread()
    {
        var s = SeedSummary.Of([0.7]);

        Assert.Equal((1, 0.7), (s.N, s.Mean));
        Assert.Null(s.Std);
        Assert.Null(s.CiHalfWidth);
    }

    [Fact]
    public void Paired_Test_Should_Match_The_Textbook_Value()
    {
        // Differences grok − pre = 1, 2, 3: mean 2, sd 1, t = 2·√3 = 3.4641 with 2 df → two-sided p = 0.07418.
        var c = PairedComparison.Of(pre: [10, 10, 10], grok: [11, 12, 13]);

        Assert.Equal(2, c.MeanDifference, 12);
        Assert.Equal(2, c.EffectSize!.Value, 12);
        Assert.Equal(0.07418, c.PValue!.Value, 4);
    }

    [Fact]
    public void Paired_Test_Should_Be_Undefined_Without_Variation()
    {
        var c = PairedComparison.Of([1, 2], [2, 3]);

        Assert.Equal(1, c.MeanDifference, 12);
        Assert.Null(c.PValue);
        Assert.Null(c.EffectSize);
    }

    [Fact]
    public void Paired_Test_Should_Treat_Differences_Equal_Up_To_Rounding_As_No_Variation()
    {
        // 5 of 29 forget images more from every seed, in percent: the three differences agree to ~1e-14, not exactly.
        double[] pre = [100 * 0.0 / 29, 100 * 1.0 / 29, 100 * 2.0 / 29];
        double[] grok = [100 * 5.0 / 29, 100 * 6.0 / 29, 100 * 7.0 / 29];
        Assert.NotEqual(grok[0] - pre[0], grok[2] - pre[2]);

        var c = PairedComparison.Of(pre, grok);

        Assert.Equal(100 * 5.0 / 29, c.MeanDifference, 10);
        Assert.Null(c.PValue);
        Assert.Equal(0, c.CiHalfWidth);
    }
}
