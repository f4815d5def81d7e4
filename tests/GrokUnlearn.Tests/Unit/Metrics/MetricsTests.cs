using GrokUnlearn.Metrics;

namespace GrokUnlearn.Tests.Unit.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public void LogisticRegression_Should_Satisfy_The_Optimality_Conditions_Of_Its_Objective()
    {
        // Overlapping classes, so the optimum is finite.
        double[] x = [0.1, 0.4, 0.5, 0.9, 1.2, 0.3, 0.8, 1.1, 1.5, 1.9, 2.2];
        int[] y = [1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0];

        var model = LogisticRegression.FitBalanced(x, y);

        // ∂/∂b0 Σ w·logloss = Σ w(p − y) = 0 and ∂/∂b1 (… + ½b1²) = Σ w(p − y)x + b1 = 0, with balanced w.
        double w1 = 11.0 / (2 * 5), w0 = 11.0 / (2 * 6), g0 = 0, g1 = model.Slope;
        for (var i = 0; i < x.Length; i++)
        {
            var r = (y[i] == 1 ? w1 : w0) * (model.Probability(x[i]) - y[i]);
            g0 += r;
            g1 += r * x[i];
        }
        Assert.Equal(0, g0, 9);
        Assert.Equal(0, g1, 9);
        Assert.True(model.Slope < 0, "members (label 1) have the lower feature values here");
    }

    [Fact]
    public void EntropyMia_Should_Call_Low_Entropy_Samples_Members()
    {
        double[] retain = [0.01, 0.02, 0.03, 0.05, 0.1];
        double[] test = [2.0, 2.2, 1.8, 2.5, 2.1];

        Assert.Equal(1.0, EntropyMia.Score(retain, test, [0.02, 0.04]));
        Assert.Equal(0.0, EntropyMia.Score(retain, test, [2.3, 1.9]));
        Assert.Equal(0.5, EntropyMia.Score(retain, test, [0.02, 2.3]));
    }

    [Fact]
    public void Ues_Should_Be_Computed_When_Both_Accuracies_Drop_And_Flagged_When_The_Denominator_Vanishes()
    {
        var (value, unstable) = Ues.Compute(uaBefore: 1.0, ua: 0.2, taBefore: 0.9, ta: 0.8, raBefore: 1.0, ra: 0.9);
        Assert.Equal(0.8 / (0.1 * 0.1), value!.Value, 6);
        Assert.False(unstable);

        var (none, flagged) = Ues.Compute(1.0, 0.2, 0.9, 0.9, 1.0, 0.9);
        Assert.Null(none);
        Assert.True(flagged);
    }
}
