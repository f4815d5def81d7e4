using MathNet.Numerics.Distributions;

namespace GrokUnlearn.Metrics;

/// <summary>
/// Two independent samples (e.g. forget sets drawn from two kinds of examples): difference of means (a − b), Welch's
/// t-test (unequal variances; Welch–Satterthwaite degrees of freedom), its two-sided p-value and 95% CI, and Hedges'
/// g (pooled-sd effect size with the small-sample correction). Null statistics where a sample has fewer than two
/// values or neither varies.
/// </summary>
public sealed record WelchComparison(int NA, int NB, double MeanDifference, double? T, double? Df, double? PValue, double? CiHalfWidth, double? HedgesG)
{
    public static WelchComparison Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var (ma, mb) = (a.Average(), b.Average());
        var difference = ma - mb;
        if (a.Count < 2 || b.Count < 2) return new WelchComparison(a.Count, b.Count, difference, null, null, null, null, null);
        var va = a.Sum(x => (x - ma) * (x - ma)) / (a.Count - 1);
        var vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Count - 1);
        var (sa, sb) = (va / a.Count, vb / b.Count);
        var se = Math.Sqrt(sa + sb);
        var rounding = 1e-9 * a.Concat(b).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (se <= rounding) return new WelchComparison(a.Count, b.Count, difference, null, null, null, null, null);
        var t = difference / se;
        var df = (sa + sb) * (sa + sb) / (sa * sa / (a.Count - 1) + sb * sb / (b.Count - 1));
        var p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t)));
        var pooled = Math.Sqrt(((a.Count - 1) * va + (b.Count - 1) * vb) / (a.Count + b.Count - 2));
        var n = a.Count + b.Count;
        double? g = pooled > rounding ? difference / pooled * (1 - 3.0 / (4 * n - 9)) : null;
        return new WelchComparison(a.Count, b.Count, difference, t, df, p, StudentT.InvCDF(0, 1, df, 0.975) * se, g);
    }
}
