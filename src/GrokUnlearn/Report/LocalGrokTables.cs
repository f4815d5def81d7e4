using System.Globalization;
using System.Text.RegularExpressions;
using GrokUnlearn.Config;
using GrokUnlearn.Language;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Metrics;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>
/// Builds the Table 2 section from the local-grokking cells: per metric (ES on the retain set ↑, ES on the forget set ↓)
/// × method × size, the mean ± sd over draws for grokked and ungrokked forget sets; the difference grokked − ungrokked
/// with Welch's test over draws, and whether its sign matches the paper's; the Table 12 control.
/// </summary>
public static partial class LocalGrokTables
{
    private const string Original = "none";

    public static async Task<LocalGrokModel?> ReadAsync(IReadOnlyList<UnlearnCell> cells, IReadOnlyList<PaperTofuNumber> paper)
    {
        if (cells.Count == 0) return null;
        var labelCells = cells.Select(c => ((LocalForgetSet)c.Forget).Labels).Distinct().ToList();
        var labels = new List<LocalGrokLabelRow>();
        foreach (var l in labelCells) labels.AddRange((await ParquetTable.ReadAsync<LocalGrokLabelRow>(l.LabelTable)).Rows);
        var results = new List<LanguageResultRow>();
        foreach (var c in cells) results.AddRange((await ParquetTable.ReadAsync<LanguageResultRow>(c.LockTable)).Rows);
        return Build(labelCells[0].Spec, labelCells.Select(l => l.Run.Id).ToList(), labels, results, paper);
    }

    public static LocalGrokModel Build(LocalGrokSpec spec, IReadOnlyList<string> runs, IReadOnlyList<LocalGrokLabelRow> labels,
        IReadOnlyList<LanguageResultRow> results, IReadOnlyList<PaperTofuNumber> paper)
    {
        var pool = labels.GroupBy(l => l.Run).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var paperSizes = paper.Where(p => p.Table == 2 && p.Size is not null).Select(p => p.Size!.Value).Distinct().Order().ToList();
        int? PaperSize(int size) => pool == 0 || paperSizes.Count == 0 ? null
            : paperSizes.OrderBy(s => Math.Abs(s / PaperPool - (double)size / pool)).First();
        var sizes = spec.Sizes.Order().Select(s => new LocalGrokSize(s, pool == 0 ? "—" : Invariant($"{100.0 * s / pool:F2}%"),
            PaperSize(s) is { } ps ? Invariant($"{ps} ({100.0 * ps / PaperPool:F2}%)") : "—")).ToList();
        var done = results.Where(r => r.Status == "done").Select(r => (Set: Parse(r.ForgetSplit), Row: r)).ToList();
        // Result rows carry the method's label (GA, or GA@lr=3e-4 when the section has a grid); the table shows the name.
        var methods = spec.Methods.Select(m => m.Label).ToList();
        var names = spec.Methods.ToDictionary(m => m.Label, m => m.Name);

        // Per metric × method × size × kind, the values over draws (Original: the starting model, once per drawn set).
        IReadOnlyList<double> Values(string metric, string method, int size, string kind)
        {
            var rows = done.Where(d => d.Set.Size == size && d.Set.Kind == kind);
            if (method == Original)
                return rows.GroupBy(d => (d.Row.Run, d.Row.ForgetSplit)).Select(g => metric == PaperTofuNumbers.EsRetain ? g.First().Row.RetainSetEsBefore : g.First().Row.ForgetEsBefore).ToList();
            return rows.Where(d => d.Row.Method == method).Select(d => metric == PaperTofuNumbers.EsRetain ? d.Row.RetainSetEs : d.Row.ForgetEs).ToList();
        }
        var metrics = new[] { PaperTofuNumbers.EsRetain, PaperTofuNumbers.EsUnlearn };
        var ours = new List<LocalGrokTableRow>();
        var paperRows = new List<LocalGrokTableRow>();
        var comparisons = new List<LocalGrokComparison>();
        foreach (var metric in metrics)
            foreach (var method in methods.Prepend(Original))
            {
                ours.Add(new LocalGrokTableRow(Label(metric), MethodLabel(method), sizes.Select(s =>
                    new LocalGrokPair(Summary(Values(metric, method, s.Size, LocalGrokLabels.Grokked)), Summary(Values(metric, method, s.Size, LocalGrokLabels.Ungrokked)))).ToList()));
                paperRows.Add(new LocalGrokTableRow(Label(metric), MethodLabel(method), sizes.Select(s =>
                {
                    var p = PaperCell(paper, metric, method == Original ? Original : names[method], PaperSize(s.Size));
                    return p is null ? new LocalGrokPair("—", "—") : new LocalGrokPair(Invariant($"{p.Grokked:F3}"), Invariant($"{p.Ungrokked:F3}"));
                }).ToList()));
                if (method == Original) continue;
                foreach (var s in sizes)
                {
                    var (g, u) = (Values(metric, method, s.Size, LocalGrokLabels.Grokked), Values(metric, method, s.Size, LocalGrokLabels.Ungrokked));
                    if (g.Count == 0 || u.Count == 0) continue;
                    var w = WelchComparison.Of(g, u);
                    var p = PaperCell(paper, metric, names[method], PaperSize(s.Size));
                    var paperDifference = p is null ? (double?)null : p.Grokked - p.Ungrokked;
                    comparisons.Add(new LocalGrokComparison(Label(metric), MethodLabel(method), s.Size, Summary(g), Summary(u),
                        w.CiHalfWidth is { } ci ? Invariant($"{w.MeanDifference:+0.000;-0.000;0.000} ± {ci:F3}") : Invariant($"{w.MeanDifference:+0.000;-0.000;0.000}"),
                        w.HedgesG is { } hg ? Invariant($"{hg:F2}") : "—", w.PValue is { } pv ? Invariant($"{pv:G2}") : "—",
                        paperDifference is { } pd ? Invariant($"{pd:+0.000;-0.000;0.000}") + (p!.Note.Length > 0 ? $" ({p.Note})" : "") : "—",
                        Direction(w, paperDifference)));
                }
            }
        var agreement = new LocalGrokAgreement(comparisons.Count,
            comparisons.Count(c => c.Direction.StartsWith(PaperComparison.Agrees, StringComparison.Ordinal)),
            comparisons.Count(c => c.Direction == Significant(PaperComparison.Agrees)),
            comparisons.Count(c => c.Direction.StartsWith(PaperComparison.Opposite, StringComparison.Ordinal)),
            comparisons.Count(c => c.Direction == Significant(PaperComparison.Opposite)),
            comparisons.Count(c => c.Direction == NoDirection));

        var counts = labels.GroupBy(l => l.Run).Select(g => new LocalGrokLabelCount(g.Key, g.First().CandidateStep, g.First().FinalStep,
            g.Count(l => l.Label == LocalGrokLabels.Grokked), g.Count(l => l.Label == LocalGrokLabels.Ungrokked),
            g.Count(l => l.Label == LocalGrokLabels.Neither), g.Count())).ToList();
        var (control, tests) = Control(labels, paper);
        var notes = results.Where(r => r.Status != "done").Select(r => $"{r.Cell}: {r.Status}").Distinct().ToList();
        var setup = Invariant($"Runs labelled: {string.Join(", ", runs)}. Candidate checkpoint: {(spec.CandidateFraction is { } f ? Invariant($"{100 * f:0.##}% of the run") : "the run's fit step")}; ") +
            Invariant($"grokked = |loss(candidate) − loss(final)| ≤ {spec.GrokkedWithin}, ungrokked = loss(candidate) − loss(final) > {spec.UngrokkedDrop} (per-question mean answer-token loss). ") +
            Invariant($"{spec.Draws} forget sets per kind and size, each unlearned from the final checkpoint with {string.Join(", ", methods)} (the checkpoint design's hyperparameters); ") +
            "the retain set is every other trained author question. Each cell measures teacher-forced Extraction Strength on its forget and retain sets (what the table compares; not TOFU's generation metrics). Values: mean ± sd over draws.";
        return new LocalGrokModel(setup, counts, sizes, ours, paperRows, comparisons, agreement, control, tests, notes);
    }

    /// <summary>One sentence for the abstract.</summary>
    public static IReadOnlyList<string> Abstract(LocalGrokModel? model) => model is null ? [] :
    [
        Invariant($"Language, the paper's Table 2 design (locally grokked vs ungrokked forget sets of one run): the sign of grokked − ungrokked Extraction Strength matches the paper's in {model.Agreement.Agree} of {model.Agreement.Compared} method × size × metric cells ({model.Agreement.AgreeSignificant} at p < 0.05, Welch over draws), is opposite in {model.Agreement.Opposite} ({model.Agreement.OppositeSignificant}), and has no direction (|difference| < {MinDifference}) in {model.Agreement.NoDirection}."),
    ];

    /// <summary>The paper's sets have 50–200 of TOFU's 4,000 QA pairs.</summary>
    private const double PaperPool = 4000;
    public const string NoDirection = "no direction";

    private static string Significant(string direction) => direction + " (p < 0.05)";

    /// <summary>A difference below the tables' printed precision (0.001 of Extraction Strength) has no direction.</summary>
    public const double MinDifference = 0.001;

    public static string Direction(WelchComparison ours, double? paper)
    {
        if (paper is not { } p || Math.Abs(p) < MinDifference || Math.Abs(ours.MeanDifference) < MinDifference) return NoDirection;
        var direction = Math.Sign(ours.MeanDifference) == Math.Sign(p) ? PaperComparison.Agrees : PaperComparison.Opposite;
        return ours.PValue is < 0.05 ? Significant(direction) : direction;
    }

    private static (IReadOnlyList<LocalGrokControlRow> Rows, IReadOnlyList<string> Tests) Control(IReadOnlyList<LocalGrokLabelRow> labels, IReadOnlyList<PaperTofuNumber> paper)
    {
        string PaperLength(string metric, string kind) => paper.FirstOrDefault(p => p.Table == 12 && p.Metric == metric) is { } p
            ? Invariant($"{(kind == LocalGrokLabels.Grokked ? p.Grokked : p.Ungrokked):F1}") : "—";
        var rows = new List<LocalGrokControlRow>();
        foreach (var kind in LocalGrokLabels.Kinds.Append(LocalGrokLabels.Neither))
        {
            var k = labels.Where(l => l.Label == kind).ToList();
            if (k.Count == 0) { rows.Add(new LocalGrokControlRow(kind, 0, "—", "—", "—", "—", "—", PaperLength("question_chars", kind), PaperLength("answer_chars", kind))); continue; }
            rows.Add(new LocalGrokControlRow(kind, k.Count, Invariant($"{k.Average(l => l.QuestionChars):F1}"), Invariant($"{k.Average(l => l.AnswerChars):F1}"),
                Invariant($"{k.Average(l => l.QuestionWords):F1}"), Invariant($"{k.Average(l => l.AnswerWords):F1}"), Invariant($"{k.Average(l => l.FinalLoss):G3}"),
                kind == LocalGrokLabels.Neither ? "—" : PaperLength("question_chars", kind), kind == LocalGrokLabels.Neither ? "—" : PaperLength("answer_chars", kind)));
        }
        var g = labels.Where(l => l.Label == LocalGrokLabels.Grokked).ToList();
        var u = labels.Where(l => l.Label == LocalGrokLabels.Ungrokked).ToList();
        var tests = new List<string>();
        if (g.Count > 1 && u.Count > 1)
            foreach (var (name, f) in new (string, Func<LocalGrokLabelRow, double>)[] { ("final loss", l => l.FinalLoss), ("answer length (characters)", l => l.AnswerChars), ("question length (characters)", l => l.QuestionChars) })
            {
                var w = WelchComparison.Of(g.Select(f).ToList(), u.Select(f).ToList());
                tests.Add(w.PValue is { } p
                    ? Invariant($"{name}: grokked − ungrokked = {w.MeanDifference:G3} (95% CI ± {w.CiHalfWidth:G3}), Welch t = {w.T:F2}, df = {w.Df:F1}, p = {p:G2}, Hedges' g = {w.HedgesG:F2}")
                    : Invariant($"{name}: grokked − ungrokked = {w.MeanDifference:G3}; no variance to test"));
            }
        return (rows, tests);
    }

    private static PaperTofuNumber? PaperCell(IReadOnlyList<PaperTofuNumber> paper, string metric, string method, int? size) =>
        size is null ? null : paper.FirstOrDefault(p => p.Table == 2 && p.Metric == metric && p.Method == method && p.Size == size);

    private static string Label(string metric) => metric == PaperTofuNumbers.EsRetain ? "ES_retain ↑" : "ES_unlearn ↓";
    private static string MethodLabel(string method) => method == Original ? "Original" : method.StartsWith("IdkPO", StringComparison.Ordinal) ? method.Replace("IdkPO", "IdkPO (PO)") : method;

    private static string Summary(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return "—";
        var s = SeedSummary.Of(values);
        return s.Std is { } sd ? Invariant($"{s.Mean:F3} ± {sd:F3}") : Invariant($"{s.Mean:F3}");
    }

    /// <summary>The kind and size of a set name such as grokked-n9-d1.</summary>
    public static (string Kind, int Size, int Draw) Parse(string set)
    {
        var m = SetName().Match(set);
        return m.Success ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            : throw new FormatException($"'{set}' is not a local-grokking set name (kind-nSIZE-dDRAW).");
    }

    [GeneratedRegex(@"^(grokked|ungrokked)-n(\d+)-d(\d+)$")]
    private static partial Regex SetName();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
