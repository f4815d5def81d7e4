using GrokUnlearn.Report;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The abstract: one paragraph whose every number is a count from the verdicts and comparisons it summarises.</summary>
public sealed class ReportAbstractTests
{
    private static RunSection Run(string dataset, int seed, bool delayed, bool language = false) =>
        new($"{dataset}__m__r__seed{seed}", dataset, "task", "m", "r", seed, 100, "1.0", null, null, null, "n/a", delayed, "", "a", "l", "fp", "{}", [])
        {
            DelayedGrok = delayed,
            Language = language,
        };

    [Fact]
    public void The_Abstract_Should_State_The_Counts_Per_Claim_And_Protocol_Without_Pooling()
    {
        var vision = new[]
        {
            new ClaimSummary("1 efficiency", 0, 6, 24),
            new ClaimSummary("2a collateral damage: accuracy lost", 15, 21, 24),
            new ClaimSummary("1 efficiency", 1, 2, 27) { Protocol = "paper" },
        };
        var paper = new PaperComparisonModel([], [new AgreementCount("controlled", 77, 47, 26, 30, 12, 22, [])]);
        var language = new LanguageModel("0.05", [], [], [new ClaimSummary("3 stability", 1, 1, 19)]);
        var runs = new[] { Run("fm", 0, true), Run("fm", 1, false), Run("fm", 2, true), Run("authors", 0, false, language: true) };

        var text = ReportAbstract.Write(vision, runs, 10, paper, language, null);

        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.Contains("fm, 3 seed(s), 10 method(s)", text, StringComparison.Ordinal);
        Assert.Contains("2 of 3 runs grokked", text, StringComparison.Ordinal);
        Assert.Contains("controlled protocol: efficiency 0/6/24, accuracy lost 15/21/24; paper protocol: efficiency 1/2/27.", text, StringComparison.Ordinal);
        Assert.Contains("points the paper's way in 47 of 77 comparisons (26 at p < 0.05) and the other way in 30 (12).", text, StringComparison.Ordinal);
        Assert.Contains("Language track (authors, 1 run(s), 0 grokked by the 3× rule): controlled protocol: stability 1/1/19.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Table 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Profile_Without_Unlearning_Should_Say_So()
    {
        Assert.Equal("This profile has no unlearning results, so no claim of the paper was tested.",
            ReportAbstract.Write([], [], 0, new PaperComparisonModel([], []), null, null));
    }
}
