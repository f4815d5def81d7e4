using GrokUnlearn.Analysis;
using GrokUnlearn.Report;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The verdict rule on fixed results: direction × significance → supported / not supported / inconclusive.</summary>
public sealed class ClaimVerdictsTests
{
    private static UnlearnResultRow Result(string checkpoint, int seed, int? steps, double raBefore = 1, double ra = 1, double ta = 0.9) => new()
    {
        Dataset = "d", Scenario = "s", Method = "GA", Checkpoint = checkpoint, Seed = seed, Status = "done",
        StepsToTarget = steps, RaBefore = raBefore, Ra = ra, TaBefore = 1, Ta = ta, Ua = 0, Updates = 60, Seconds = 6,
    };

    private static ClaimRow Efficiency(IReadOnlyList<UnlearnResultRow> rows) =>
        ClaimVerdicts.Evaluate(rows, []).Single(r => r.Claim == "1 efficiency");

    [Fact]
    public void Fewer_Updates_From_Grok_With_A_Significant_Paired_Test_Should_Be_Supported()
    {
        // Differences grok − pre: −10, −12, −11 → t = −19.05 on 2 df, p = 0.00274.
        var row = Efficiency([Result("pre", 0, 30), Result("grok", 0, 20), Result("pre", 1, 32), Result("grok", 1, 20), Result("pre", 2, 31), Result("grok", 2, 20)]);
        Assert.Equal(ClaimVerdicts.Supported, row.Verdict);
        Assert.Equal("-11 ± 2.48", row.Effect);
        Assert.Equal("0.00274", row.PT);
        Assert.Equal("0.25", row.PWilcoxon);
    }

    [Fact]
    public void More_Updates_From_Grok_Should_Be_Not_Supported_And_Noise_Inconclusive()
    {
        var worse = Efficiency([Result("pre", 0, 20), Result("grok", 0, 30), Result("pre", 1, 20), Result("grok", 1, 32), Result("pre", 2, 20), Result("grok", 2, 31)]);
        Assert.Equal(ClaimVerdicts.NotSupported, worse.Verdict);
        var noisy = Efficiency([Result("pre", 0, 20), Result("grok", 0, 30), Result("pre", 1, 20), Result("grok", 1, 10), Result("pre", 2, 20), Result("grok", 2, 25)]);
        Assert.Equal(ClaimVerdicts.Inconclusive, noisy.Verdict);
    }

    [Fact]
    public void Accuracy_Kept_Should_Expect_Higher_From_Grok_And_Accuracy_Lost_Lower()
    {
        // TA after: pre 0.10, 0.12, 0.11; grok 0.90, 0.91, 0.93 → kept: supported. TA lost (before 1): pre 0.90…, grok 0.10… → lower: supported.
        var rows = ClaimVerdicts.Evaluate([Result("pre", 0, 5, ta: 0.10), Result("grok", 0, 5, ta: 0.90), Result("pre", 1, 5, ta: 0.12),
            Result("grok", 1, 5, ta: 0.91), Result("pre", 2, 5, ta: 0.11), Result("grok", 2, 5, ta: 0.93)], []);
        var kept = rows.Single(r => r.Metric == "test accuracy after unlearning");
        Assert.Equal("θ_grok − θ_pre > 0", kept.Expected);
        Assert.Equal(ClaimVerdicts.Supported, kept.Verdict);
        Assert.Equal(ClaimVerdicts.Supported, rows.Single(r => r.Metric == "test accuracy lost (TA before − after)").Verdict);
    }

    [Fact]
    public void A_Target_Not_Reached_Should_Leave_The_Claim_Inconclusive_And_Say_Why()
    {
        var row = Efficiency([Result("pre", 0, null), Result("grok", 0, 20), Result("pre", 1, 30), Result("grok", 1, 20)]);
        Assert.Equal(ClaimVerdicts.Inconclusive, row.Verdict);
        Assert.Equal("1 of 2 seed(s) have a value from both θ_pre and θ_grok", row.Note);
    }

    [Fact]
    public void Stability_Should_Use_A_Two_Sided_F_Test_Of_The_Variances()
    {
        // RA after: pre 0.5, 0.7, 0.9 (variance 0.04); grok 0.80, 0.81, 0.82 (variance 0.0001): F = 0.0025 on (2, 2) df,
        // CDF = F/(1+F) = 0.002494 → two-sided p = 0.004988.
        var rows = new[]
        {
            Result("pre", 0, 10, ra: 0.5), Result("pre", 1, 10, ra: 0.7), Result("pre", 2, 10, ra: 0.9),
            Result("grok", 0, 10, ra: 0.80), Result("grok", 1, 10, ra: 0.81), Result("grok", 2, 10, ra: 0.82),
        };
        var row = ClaimVerdicts.Evaluate(rows, []).Single(r => r.Metric == "spread over seeds of RA after");
        Assert.Equal("0.00499", row.PT);
        Assert.Equal(ClaimVerdicts.Supported, row.Verdict);
    }

    [Fact]
    public void Mechanism_Claims_Should_Come_From_The_Before_Unlearning_Measures()
    {
        MeasureRow M(string checkpoint, int seed, double value) => new()
        {
            Dataset = "d", Scenario = "s", Method = "none", Checkpoint = checkpoint, Seed = seed, Measure = "grad_cosine", Layer = "all",
            Set = "forget-vs-retain", Value = value,
        };
        var rows = ClaimVerdicts.Evaluate([], [M("pre", 0, 0.5), M("grok", 0, 0.1), M("pre", 1, 0.6), M("grok", 1, 0.15), M("pre", 2, 0.55), M("grok", 2, 0.1)]);
        var cosine = rows.Single(r => r.Metric == "forget/retain gradient cosine");
        Assert.Equal(ClaimVerdicts.Supported, cosine.Verdict);
        Assert.Equal("—", cosine.Method);
    }
}
