namespace GrokUnlearn.Language.Metrics;

/// <summary>
/// Two-sample Kolmogorov–Smirnov test, two-sided, with the exact p-value (what scipy.stats.ks_2samp computes with its
/// default method for samples of TOFU's size): D = sup |F_a − F_b|; p = P(D' ≥ D) over all C(n+m, n) equally likely
/// orderings of the pooled sample, counted as lattice paths from (0,0) to (n,m) that leave the band |i/n − j/m| &lt; D.
/// The path count is done in probabilities (each step's chance (n−i)/(n−i+m−j)), so large samples do not overflow.
/// </summary>
public static class KolmogorovSmirnov
{
    public static (double Statistic, double PValue) TwoSample(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("both samples need at least one value.");
        var d = Statistic(a, b);
        return (d, PValue(a.Count, b.Count, d));
    }

    public static double Statistic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        double d = 0;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return d;
    }

    /// <summary>P(D ≥ d) for samples of sizes n and m under the null hypothesis (continuous distributions).</summary>
    public static double PValue(int n, int m, double d)
    {
        // Points with |i/n − j/m| ≥ d − ε are outside the band; a tolerance keeps exact ties (e.g. d = 1/2) outside.
        var tolerance = 1e-9;
        bool Inside(int i, int j) => Math.Abs((double)i / n - (double)j / m) < d - tolerance;
        var inside = new double[m + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                double p;
                if (i == 0 && j == 0) p = 1;
                else
                {
                    p = 0;
                    // Arrive from (i−1, j) by taking an a-value, or from (i, j−1) by taking a b-value.
                    if (i > 0) p += inside[j] * (double)(n - i + 1) / (n - i + 1 + m - j);
                    if (j > 0) p += inside[j - 1] * (double)(m - j + 1) / (n - i + m - j + 1);
                }
                inside[j] = Inside(i, j) || (i == 0 && j == 0) ? p : 0;
            }
        }
        return Math.Clamp(1 - inside[m], 0, 1);
    }
}
