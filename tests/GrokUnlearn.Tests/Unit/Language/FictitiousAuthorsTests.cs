using GrokUnlearn.Config;
using GrokUnlearn.Language;

namespace GrokUnlearn.Tests.Unit.Language;

public sealed class FictitiousAuthorsTests
{
    private static readonly AuthorsDatasetSpec Spec = new("a", 40, 5, 4, 1, 5, 0);

    [Fact]
    public void Same_Seed_Should_Give_The_Same_Knowledge_Base_And_Another_Seed_Another()
    {
        // Given / When
        var a = FictitiousAuthors.Generate(Spec);
        var b = FictitiousAuthors.Generate(Spec);
        var c = FictitiousAuthors.Generate(Spec with { Seed = 1 });

        // Then
        static string Text(IEnumerable<QaRow> rows) => string.Join("\n", rows.Select(r =>
            $"{r.Id}|{r.Author}|{r.Question}|{r.Answer}|{r.ParaphrasedAnswer}|{string.Join(";", r.PerturbedAnswers)}|{r.Split}|{r.ForgetPercent}"));
        Assert.Equal(Text(a), Text(b));
        Assert.NotEqual(Text(a), Text(c));
    }

    [Fact]
    public void Splits_Should_Follow_Tofus_Structure_By_Whole_Authors()
    {
        // Given
        var rows = FictitiousAuthors.Generate(Spec);
        var authorsOf = (string split) => AuthorSplits.Select(rows, split).Select(r => r.Author).ToHashSet();

        // Then: 40 authors × 6 attributes × 4 templates + 5 holdout authors' + 16 world facts
        Assert.Equal(45 * 6 * 4 + 16, rows.Count);
        Assert.Equal(40 * 6 * 3 + 16, AuthorSplits.Select(rows, "full").Count);
        Assert.Equal(40 * 6, AuthorSplits.Select(rows, "heldout_template").Count);
        // forget01 ⊂ forget05 ⊂ forget10 with 1, 2, 4 authors (≥ 1, rounded), each author's trained questions whole.
        Assert.Single(authorsOf("forget01"));
        Assert.Equal(2, authorsOf("forget05").Count);
        Assert.Equal(4, authorsOf("forget10").Count);
        Assert.Subset(authorsOf("forget05"), authorsOf("forget01"));
        Assert.Subset(authorsOf("forget10"), authorsOf("forget05"));
        Assert.Equal(4 * 6 * 3, AuthorSplits.Select(rows, "forget10").Count);
        // No forget author in the matching retain split or the retain evaluation set; holdout authors never trained.
        foreach (var (forget, retain) in new[] { ("forget01", "retain99"), ("forget05", "retain95"), ("forget10", "retain90") })
        {
            Assert.Empty(authorsOf(forget).Intersect(authorsOf(retain)));
            Assert.Equal(AuthorSplits.Select(rows, "full").Count, AuthorSplits.Select(rows, forget).Count + AuthorSplits.Select(rows, retain).Count);
        }
        Assert.Empty(authorsOf("forget10").Intersect(authorsOf("retain_perturbed")));
        Assert.Empty(authorsOf("holdout").Intersect(authorsOf("full")));
        Assert.Equal(5, authorsOf("holdout").Count);
    }

    [Fact]
    public void Each_Question_Should_Carry_A_Paraphrase_And_Distinct_Wrong_Answers_Of_The_Same_Type()
    {
        var rows = FictitiousAuthors.Generate(Spec);
        foreach (var row in rows)
        {
            Assert.Equal(5, row.PerturbedAnswers.Count);
            Assert.Equal(5, row.PerturbedAnswers.Distinct().Count());
            Assert.DoesNotContain(row.ParaphrasedAnswer, row.PerturbedAnswers);
            Assert.NotEqual(row.Answer, row.ParaphrasedAnswer);
        }
        // A held-out template asks a fact its author was trained on in the other templates (same answer).
        var held = rows.First(r => r.Split == QaRow.HeldOutTemplate);
        var trained = rows.Where(r => r.Author == held.Author && r.Attribute == held.Attribute && r.Split == QaRow.Train).ToList();
        Assert.Equal(3, trained.Count);
        Assert.All(trained, r => Assert.Equal(held.Answer, r.Answer));
        Assert.All(trained, r => Assert.NotEqual(held.Question, r.Question));
    }

    [Fact]
    public void Unknown_Split_Should_Be_Refused_With_The_Allowed_Names()
    {
        var ex = Assert.Throws<ArgumentException>(() => AuthorSplits.Select(FictitiousAuthors.Generate(Spec), "forget20"));
        Assert.Contains("'forget20'", ex.Message);
        Assert.Contains("forget05", ex.Message);
    }
}
