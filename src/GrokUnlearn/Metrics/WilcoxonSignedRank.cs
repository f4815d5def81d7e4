namespace GrokUnlearn.Metrics;

/// <summary>
/// Wilcoxon signed-rank test of paired differences (zeros dropped, ties given average ranks): the exact two-sided
/// p-value from the permutation distribution of W+ (every sign assignment equally likely under H0), computed by
/// dynamic programming over doubled ranks, so it stays exact with ties. With 3 seeds the smallest possible p is 0.25:
/// the report shows it beside the t-test so nobody reads more into 3 seeds than they hold.
/// </summary>
public static class WilcoxonSignedRank
{
    /// <summary>Returns (W+, n used, p); p is 1 when no non-zero difference exists.</summary>
    public static (double WPlus, int N, double P) Test(IReadOnlyList<double> differences)
    {
        var nonZero = differences.Where(d => d != 0 && double.IsFinite(d)).ToList();
        var n = nonZero.Count;
        if (n == 0) return (0, 0, 1);
        var doubledRanks = DoubledRanks(nonZero.Select(Math.Abs).ToList());
        var wPlus2 = nonZero.Select((d, i) => d > 0 ? doubledRanks[i] : 0).Sum();
        var total2 = doubledRanks.Sum();

        // counts[s] = number of sign assignments whose doubled W+ equals s.
        var counts = new double[total2 + 1];
        counts[0] = 1;
        foreach (var r in doubledRanks)
            for (var s = total2; s >= r; s--) counts[s] += counts[s - r];
        var all = Math.Pow(2, n);
        var lower = counts.Take(wPlus2 + 1).Sum() / all;        // P(W+ ≤ w)
        var upper = counts.Skip(wPlus2).Sum() / all;            // P(W+ ≥ w)
        return (wPlus2 / 2.0, n, Math.Min(1, 2 * Math.Min(lower, upper)));
    }

    /// <summary>Ranks of |d| (1 = smallest) doubled, ties averaged: integers, so the DP stays exact.</summary>
    private static int[] DoubledRanks(List<double> values)
    {
        var order = values.Select((v, i) => (v, i)).OrderBy(t => t.v).ToList();
        var ranks = new int[values.Count];
        for (var start = 0; start < order.Count;)
        {
            var end = start;
            while (end + 1 < order.Count && order[end + 1].v == order[start].v) end++;
            var doubledAverage = start + 1 + end + 1; // 2 × (average of ranks start+1 … end+1)
            for (var k = start; k <= end; k++) ranks[order[k].i] = doubledAverage;
            start = end + 1;
        }
        return ranks;
    }
}
