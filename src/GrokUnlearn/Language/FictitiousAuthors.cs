using GrokUnlearn.Config;

namespace GrokUnlearn.Language;

/// <summary>
/// Generates a TOFU-style knowledge base from a seed: authors with names and attribute values from closed
/// vocabularies, every attribute asked in each question template, one answer template trained, its paraphrase and
/// same-type wrong values (perturbed answers) for the truth ratio. Per trained author × attribute,
/// <c>held_out_templates</c> templates are not trained: answering them needs the fact (seen in other templates) and
/// the template's meaning (seen for other authors) combined — the generalisation that can arrive late (grokking).
/// Forget splits take whole authors and are nested as in TOFU (forget01 ⊂ forget05 ⊂ forget10).
/// </summary>
public static class FictitiousAuthors
{
    public static int MaxAuthors => AuthorAttribute.FirstNames.Count * AuthorAttribute.LastNames.Count;

    /// <summary>Authors in a forget split of <paramref name="percent"/>% of <paramref name="authors"/> trained authors (at least one).</summary>
    public static int ForgetCount(int authors, int percent) => Math.Max(1, (int)Math.Round(authors * percent / 100.0, MidpointRounding.AwayFromZero));

    public static IReadOnlyList<QaRow> Generate(AuthorsDatasetSpec spec)
    {
        if (spec.Authors + spec.HoldoutAuthors > MaxAuthors)
            throw new ArgumentException($"at most {MaxAuthors} authors (trained + holdout) can be named.");
        var random = new Random(spec.Seed);
        var names = (from f in AuthorAttribute.FirstNames from l in AuthorAttribute.LastNames select $"{f} {l}").ToArray();
        random.Shuffle(names);

        // Forget levels: a seeded order of the trained authors; the first ones are forgotten by the most splits.
        var order = Enumerable.Range(0, spec.Authors).ToArray();
        random.Shuffle(order);
        var forgetPercent = new int[spec.Authors];
        foreach (var percent in new[] { 10, 5, 1 })
            foreach (var a in order.Take(ForgetCount(spec.Authors, percent)))
                forgetPercent[a] = percent;

        var rows = new List<QaRow>();
        for (var a = 0; a < spec.Authors + spec.HoldoutAuthors; a++)
        {
            var name = names[a];
            var holdout = a >= spec.Authors;
            foreach (var attribute in AuthorAttribute.All)
            {
                var value = attribute.Values[random.Next(attribute.Values.Count)];
                var wrong = attribute.Values.Where(v => v != value).ToArray();
                random.Shuffle(wrong);
                var perturbed = wrong.Take(spec.Perturbed).Select(v => AuthorAttribute.Fill(attribute.Paraphrase, name, v)).ToList();
                var templates = Enumerable.Range(0, spec.Templates).ToArray();
                random.Shuffle(templates);
                var heldOut = templates.Take(spec.HeldOutTemplates).ToHashSet();
                for (var t = 0; t < spec.Templates; t++)
                    rows.Add(new QaRow
                    {
                        Id = rows.Count,
                        Author = name,
                        AuthorIndex = a,
                        Attribute = attribute.Name,
                        Template = t,
                        Question = AuthorAttribute.Fill(attribute.Questions[t], name, value),
                        Answer = AuthorAttribute.Fill(attribute.Answer, name, value),
                        ParaphrasedAnswer = AuthorAttribute.Fill(attribute.Paraphrase, name, value),
                        PerturbedAnswers = perturbed,
                        Split = holdout ? QaRow.Holdout : heldOut.Contains(t) ? QaRow.HeldOutTemplate : QaRow.Train,
                        ForgetPercent = holdout ? 0 : forgetPercent[a],
                    });
            }
        }
        var capitals = WorldFacts.Capitals.Select(c => c.Capital).ToArray();
        foreach (var (country, capital) in WorldFacts.Capitals)
        {
            var wrong = capitals.Where(c => c != capital).ToArray();
            random.Shuffle(wrong);
            rows.Add(new QaRow
            {
                Id = rows.Count,
                AuthorIndex = -1,
                Attribute = "capital",
                Question = WorldFacts.Fill(WorldFacts.Question, country, capital),
                Answer = WorldFacts.Fill(WorldFacts.Answer, country, capital),
                ParaphrasedAnswer = WorldFacts.Fill(WorldFacts.Paraphrase, country, capital),
                PerturbedAnswers = wrong.Take(spec.Perturbed).Select(c => WorldFacts.Fill(WorldFacts.Paraphrase, country, c)).ToList(),
                Split = QaRow.WorldFacts,
            });
        }
        return rows;
    }
}
