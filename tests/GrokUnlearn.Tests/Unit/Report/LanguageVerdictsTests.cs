using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Report;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The language track's checkpoint design goes through the vision track's claims code, paired by seed.</summary>
public sealed class LanguageVerdictsTests
{
    private static (string, LanguageResultRow) Row(string checkpoint, int seed, int? steps, double retainBefore, double retain) => ("authors40", new LanguageResultRow
    {
        Cell = $"c{seed}{checkpoint}", Seed = seed, Checkpoint = checkpoint, ForgetSplit = "forget10", Method = "NPO", Status = "done",
        Updates = 25, StepsToTarget = steps, ForgetEsBefore = 0.9, ForgetEs = 0.2, RetainEsBefore = retainBefore, RetainEs = retain,
        ModelUtilityBefore = 0.5, ModelUtility = 0.4,
    });

    [Fact]
    public void Updates_And_Retain_Extraction_Strength_Should_Be_Paired_By_Seed_Under_Language_Names()
    {
        // θ_grok − θ_pre updates: −4, −5, −6 → mean −5, t = −8.66 on 2 df, p = 0.0131 → supported.
        // Retain ES lost (before − after): pre 0.30, 0.32, 0.31; grok 0.10, 0.10, 0.10 → grok loses less → supported.
        var model = LanguageTables.Build(
        [
            Row("pre", 0, 10, 0.9, 0.60), Row("grok", 0, 6, 0.9, 0.80),
            Row("pre", 1, 11, 0.9, 0.58), Row("grok", 1, 6, 0.9, 0.80),
            Row("pre", 2, 12, 0.9, 0.59), Row("grok", 2, 6, 0.9, 0.80),
        ], 0.05);

        var efficiency = model.Claims.Single(c => c.Claim == "1 efficiency");
        Assert.Equal(("authors40", "forget10", "NPO", 3), (efficiency.Dataset, efficiency.Scenario, efficiency.Method, efficiency.Pairs));
        Assert.Equal("-5 ± 2.48", efficiency.Effect);
        Assert.Equal("0.0131", efficiency.PT);
        Assert.Equal(ClaimVerdicts.Supported, efficiency.Verdict);
        var retainLost = model.Claims.Single(c => c.Metric == "retain Extraction Strength lost (retain ES before − after)");
        Assert.Equal(ClaimVerdicts.Supported, retainLost.Verdict);
        Assert.Contains(model.Claims, c => c.Metric == "model utility after unlearning");
        Assert.Contains(model.Claims, c => c.Metric == "spread over seeds of forget ES after");
        Assert.Equal(2, model.Summaries.Single(s => s.Claim.StartsWith("2a", StringComparison.Ordinal)).Total);
    }
}
