namespace GrokUnlearn.Metrics;

/// <summary>
/// One-feature logistic regression p(y=1|x) = σ(b0 + b1·x), fitted by Newton's method (IRLS) on the weighted
/// log-loss plus sklearn's default L2 penalty ½·b1² (C = 1, intercept not penalised). Class weights "balanced":
/// w = n / (2·n_class), as the SSD/SCRUB entropy MIA uses.
/// </summary>
public sealed record LogisticRegression(double Intercept, double Slope)
{
    public static LogisticRegression FitBalanced(IReadOnlyList<double> x, IReadOnlyList<int> y, int iterations = 100)
    {
        var n = x.Count;
        var positives = y.Count(v => v == 1);
        if (positives == 0 || positives == n) throw new ArgumentException("Both classes are needed to fit a classifier.");
        var wPos = n / (2.0 * positives);
        var wNeg = n / (2.0 * (n - positives));
        double b0 = 0, b1 = 0;
        for (var it = 0; it < iterations; it++)
        {
            // Gradient and Hessian of Σ w_i·logloss_i + ½·b1².
            double g0 = 0, g1 = b1, h00 = 0, h01 = 0, h11 = 1;
            for (var i = 0; i < n; i++)
            {
                var w = y[i] == 1 ? wPos : wNeg;
                var p = Sigmoid(b0 + b1 * x[i]);
                var r = w * (p - y[i]);
                g0 += r;
                g1 += r * x[i];
                var s = w * p * (1 - p);
                h00 += s;
                h01 += s * x[i];
                h11 += s * x[i] * x[i];
            }
            var det = h00 * h11 - h01 * h01;
            if (Math.Abs(det) < 1e-300) break;
            var d0 = (h11 * g0 - h01 * g1) / det;
            var d1 = (h00 * g1 - h01 * g0) / det;
            b0 -= d0;
            b1 -= d1;
            if (Math.Abs(d0) + Math.Abs(d1) < 1e-12) break;
        }
        return new LogisticRegression(b0, b1);
    }

    public double Probability(double x) => Sigmoid(Intercept + Slope * x);

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
