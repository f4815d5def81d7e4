using MathNet.Numerics.Distributions;

namespace GrokUnlearn.Metrics;

/// <summary>Mean ± sample standard deviation and a 95% Student-t confidence interval of a metric over seeds.</summary>
public sealed record SeedSummary(int N, double Mean, double? Std, double? CiHalfWidth)
{
    public static SeedSummary Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values to summarise.", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n < 2) return new SeedSummary(n, mean, null, null);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return new SeedSummary(n, mean, std, StudentT.InvCDF(0, 1, n - 1, 0.975) * std / Math.Sqrt(n));
    }
}

/// <summary>
/// θ_grok vs θ_pre paired by seed (same seed, same forget set): mean difference (grok − pre), its 95% CI, the effect
/// size Cohen's d_z (mean / sd of the differences) and the two-sided paired t-test p-value (MathNet.Numerics).
/// Null where fewer than two pairs exist or the differences do not vary — also when they differ only by rounding (an sd
/// below 1e-9 of the values' magnitude), which would otherwise give a spurious p ≈ 0 from a CI of ~1e-14.
/// </summary>
public sealed record PairedComparison(int N, double MeanDifference, double? CiHalfWidth, double? EffectSize, double? PValue)
{
    public static PairedComparison Of(IReadOnlyList<double> pre, IReadOnlyList<double> grok)
    {
        if (pre.Count != grok.Count) throw new ArgumentException("Paired samples must have the same length.");
        var diffs = grok.Zip(pre, (g, p) => g - p).ToList();
        var summary = SeedSummary.Of(diffs);
        var rounding = 1e-9 * pre.Concat(grok).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (summary.Std is { } tiny && tiny > 0 && tiny <= rounding) return new PairedComparison(summary.N, summary.Mean, 0, null, null);
        if (summary.Std is not { } sd || sd == 0) return new PairedComparison(summary.N, summary.Mean, summary.CiHalfWidth, null, null);
        var t = summary.Mean / (sd / Math.Sqrt(summary.N));
        var p = 2 * (1 - StudentT.CDF(0, 1, summary.N - 1, Math.Abs(t)));
        return new PairedComparison(summary.N, summary.Mean, summary.CiHalfWidth, summary.Mean / sd, p);
    }
}
