using GrokUnlearn.Config;

namespace GrokUnlearn.Language;

/// <summary>
/// TOFU's splits of a generated knowledge base, by author: forgetXX = the trained questions of the authors in that
/// split; retainXX = every other trained question (world facts included: they are trained by every model);
/// retain_perturbed = one trained question per author × attribute of the authors no split forgets (the retain
/// evaluation set, valid for every split as in TOFU); world_facts; holdout (authors never trained on); heldout_template
/// (trained authors' facts in held-out templates: the generalisation test).
/// </summary>
public static class AuthorSplits
{
    public static readonly string[] Names =
    [
        "full", "forget01", "forget05", "forget10", "retain99", "retain95", "retain90", "retain_perturbed", "world_facts",
        "holdout", "heldout_template",
    ];

    /// <summary>The percentage of authors a forget split holds: forget05 → 5.</summary>
    public static int Percent(string split) => int.Parse(split["forget".Length..], System.Globalization.CultureInfo.InvariantCulture);

    public static bool InForget(QaRow row, int percent) => row.ForgetPercent > 0 && row.ForgetPercent <= percent;

    public static IReadOnlyList<QaRow> Select(IReadOnlyList<QaRow> rows, string split) => split switch
    {
        "full" => rows.Where(r => r.Trained).ToList(),
        "forget01" or "forget05" or "forget10" =>
            rows.Where(r => r.Split == QaRow.Train && InForget(r, Percent(split))).ToList(),
        "retain99" or "retain95" or "retain90" => rows.Where(r => r.Trained && !InForget(r, 100 - int.Parse(split[6..]))).ToList(),
        "retain_perturbed" => rows.Where(r => r.Split == QaRow.Train && r.ForgetPercent == 0)
            .GroupBy(r => (r.AuthorIndex, r.Attribute)).Select(g => g.MinBy(r => r.Template)!).ToList(),
        "world_facts" => rows.Where(r => r.Split == QaRow.WorldFacts).ToList(),
        "holdout" => rows.Where(r => r.Split == QaRow.Holdout).ToList(),
        "heldout_template" => rows.Where(r => r.Split == QaRow.HeldOutTemplate).ToList(),
        _ => throw new ArgumentException($"unknown split '{split}'; allowed values: {string.Join(", ", Names)}."),
    };

    /// <summary>What a model trains on: every trained question, or with <paramref name="retainOnly"/> the matching retain split.</summary>
    public static IReadOnlyList<QaRow> Training(IReadOnlyList<QaRow> rows, string? retainOnly) =>
        retainOnly is null ? Select(rows, "full") : Select(rows, $"retain{100 - Percent(retainOnly)}");

    /// <summary>The held-out-template questions a model can be tested on: those of the authors it trained on.</summary>
    public static IReadOnlyList<QaRow> HeldOut(IReadOnlyList<QaRow> rows, string? retainOnly) =>
        rows.Where(r => r.Split == QaRow.HeldOutTemplate && (retainOnly is null || !InForget(r, Percent(retainOnly)))).ToList();

    /// <summary>The tokenizer of a knowledge base: every text in it plus the refusal answers.</summary>
    public static WordTokenizer Tokenizer(IEnumerable<QaRow> rows) =>
        new(rows.SelectMany(r => new[] { r.Question, r.Answer, r.ParaphrasedAnswer }.Concat(r.PerturbedAnswers)).Concat(IdkAnswers.All));
}
