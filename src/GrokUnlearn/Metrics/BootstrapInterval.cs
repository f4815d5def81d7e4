namespace GrokUnlearn.Metrics;

/// <summary>
/// Percentile bootstrap confidence interval of a mean: resample with replacement <c>resamples</c> times from a seeded
/// generator (the same data give the same interval), take the (1−level)/2 and (1+level)/2 quantiles of the resampled
/// means (nearest-rank). Distribution-free, so it complements the t interval for skewed unlearning metrics.
/// </summary>
public static class BootstrapInterval
{
    public static (double Low, double High) OfMean(IReadOnlyList<double> values, int resamples = 10_000, double level = 0.95, int seed = 12345)
    {
        if (values.Count == 0) throw new ArgumentException("No values to resample.", nameof(values));
        var random = new Random(seed);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Count; i++) sum += values[random.Next(values.Count)];
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        return (Quantile(means, (1 - level) / 2), Quantile(means, (1 + level) / 2));
    }

    private static double Quantile(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
