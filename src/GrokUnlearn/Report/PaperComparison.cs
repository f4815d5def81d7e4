using System.Globalization;
using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Metrics;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>
/// The paper's numbers (<see cref="PaperNumbers"/>) beside ours for the closest setting: per paper cell, its
/// θ_grok − θ_pre and ours (paired by training seed, per checkpoint protocol, never pooled), and whether the directions
/// agree. Our closest setting is every image run that was unlearned; a paper row is matched to our scenario of the same
/// kind and forget fraction (rows whose forget set the paper does not state: our first partial-class scenario).
/// </summary>
public static class PaperComparison
{
    public const string Agrees = "agrees";
    public const string Opposite = "opposite";

    /// <summary>A one-line statement of how each of the paper's tables differs from what we ran.</summary>
    private static readonly Dictionary<int, string> Titles = new()
    {
        [1] = "Table 1 — CIFAR-10, 2 classes, 15% / 50% of their images forgotten: TA / RA / UA before and after unlearning",
        [3] = "Table 3 — forget–retain gradient cosine before unlearning",
        [4] = "Table 4 — local complexity around retain / test / forget inputs, before and after unlearning",
        [5] = "Table 5 — linear CKA between final-layer representations of forget and retain inputs",
        [10] = "Table 10 — forget images drawn at random across all classes (15% / 30%)",
        [11] = "Table 11 — SAM control on SVHN (θ_pre vs θ_grok; θ_SAM in the note)",
    };

    public static PaperComparisonModel Build(IReadOnlyList<PaperNumber> paper, IReadOnlyList<UnlearnResultRow> results,
        IReadOnlyList<MeasureRow> measures, IReadOnlySet<string> imageDatasets, IReadOnlyList<ScenarioSpec> scenarios,
        IReadOnlyList<string> afterMethods, string settingDescription)
    {
        var ours = results.Where(r => r.Status == "done" && imageDatasets.Contains(r.Dataset)).ToList();
        var ourMeasures = measures.Where(m => imageDatasets.Contains(m.Dataset)).ToList();
        var lcAfter = new[] { "NegGradPlus", "GA" }.FirstOrDefault(afterMethods.Contains) ?? afterMethods.FirstOrDefault();
        var tables = new List<PaperComparisonTable>();
        var counts = new List<AgreementCount>();
        foreach (var (pre, grok, protocol) in new[] { ("pre", "grok", "controlled"), ("paper-pre", "paper-grok", "paper") })
        {
            if (!ours.Any(r => r.Checkpoint == pre) || !ours.Any(r => r.Checkpoint == grok)) continue;
            var protocolRows = new List<PaperComparisonRow>();
            foreach (var group in paper.GroupBy(p => p.Table).OrderBy(g => g.Key))
            {
                var lines = new List<PaperComparisonRow>();
                foreach (var number in group)
                    foreach (var setting in ours.Select(Setting).Distinct().Order(StringComparer.Ordinal))
                        lines.Add(Compare(number, setting, ours.Where(r => Setting(r) == setting).ToList(),
                            ourMeasures.Where(m => Setting(m.Cell) == setting).ToList(), scenarios, pre, grok, lcAfter));
                protocolRows.AddRange(lines);
                tables.Add(new PaperComparisonTable(group.Key, Titles.GetValueOrDefault(group.Key, $"Table {group.Key}"), protocol,
                    Differs(group.Key, settingDescription, lcAfter), lines));
            }
            var compared = protocolRows.Where(r => r.Agreement is Agrees or Opposite).ToList();
            counts.Add(new AgreementCount(protocol, compared.Count, compared.Count(r => r.Agreement == Agrees),
                compared.Count(r => r.Agreement == Agrees && r.Significant), compared.Count(r => r.Agreement == Opposite),
                compared.Count(r => r.Agreement == Opposite && r.Significant), protocolRows.Count - compared.Count,
                compared.Where(r => r.Agreement == Opposite && r.Significant).Select(r => r.Summary).ToList()));
        }
        return new PaperComparisonModel(tables, counts);
    }

    /// <summary>The agreement counts as sentences for the abstract, one per protocol.</summary>
    public static IReadOnlyList<string> Abstract(PaperComparisonModel model)
    {
        var lines = new List<string>();
        foreach (var c in model.Counts)
        {
            var name = c.Protocol == "paper" ? "With the paper's checkpoint protocol (θ_pre = conventional early stopping on validation)"
                : "With the controlled protocol (θ_pre taken after the fit)";
            var text = F($"{name}, our θ_grok − θ_pre points the paper's way in {c.Agree} of the {c.Compared} comparisons with the paper's Tables 1, 3, 4, 5, 10 and 11 that both show a direction ({c.AgreeSignificant} with paired p < 0.05 over seeds) and the opposite way in {c.Opposite} ({c.OppositeSignificant} with p < 0.05); {c.NotCompared} paper cells have no counterpart or no direction (the paper's ResNet and CNN rows are each compared with our closest setting, so one of our numbers can stand against two of theirs).");
            if (c.Contradictions.Count > 0)
                text += " Significant contradictions: " + string.Join("; ", c.Contradictions.Take(6)) +
                    (c.Contradictions.Count > 6 ? F($"; and {c.Contradictions.Count - 6} more (see Paper vs reproduction)") : "") + ".";
            lines.Add(text);
        }
        return lines;
    }

    private static PaperComparisonRow Compare(PaperNumber n, string setting, List<UnlearnResultRow> results, List<MeasureRow> measures,
        IReadOnlyList<ScenarioSpec> scenarios, string pre, string grok, string? lcAfter)
    {
        var paperCell = F($"{n.Arch}, {n.Dataset}") + (n.ForgetKind.Length > 0 ? $", {n.ForgetKind} {Percent(n.ForgetFraction)}" : "");
        var method = n.Method == "unstated" ? lcAfter ?? "unstated" : n.Method;
        var row = new PaperComparisonRow(n.Table, paperCell, n.Method == "none" ? "— (before)" : Display(n.Method), n.Metric,
            Number(n.Pre, n.PreSd), Number(n.Grok, n.GrokSd), Signed(n.Difference), setting, "—", "—", "—", "—", "—", "", false, n.Note, "");
        var scenario = Match(n, scenarios);
        if (scenario is null)
            return row with { Agreement = "not run", OurNote = n.ForgetKind.Length > 0 ? $"no {n.ForgetKind} {Percent(n.ForgetFraction)} scenario in this profile" : "no scenario" };
        if (n.Table == 11 && !results.Any(r => r.Checkpoint == "sam-pre"))
            row = row with { OurNote = "our θ_SAM: no image SAM run in this profile; θ_pre vs θ_grok only" };
        row = row with { Scenario = scenario.Name, Method = method == "none" ? "— (before)" : Display(method) };

        // Per seed, the value at θ_pre and θ_grok; accuracies in percent like the paper's.
        List<(int Seed, string Checkpoint, double Value)> values;
        if (n.Metric is "TA" or "RA" or "UA")
        {
            Func<UnlearnResultRow, double?> pick = (n.Metric, n.Stage) switch
            {
                ("TA", "before") => r => r.TaBefore, ("RA", "before") => r => r.RaBefore, ("UA", "before") => r => r.UaBefore,
                ("TA", _) => r => r.Ta, ("RA", _) => r => r.Ra, _ => r => r.Ua,
            };
            var rows = results.Where(r => r.Scenario == scenario.Name && (method == "none" || r.Method == method));
            values = rows.GroupBy(r => (r.Seed, r.Checkpoint)).Select(g => g.OrderBy(r => r.Method, StringComparer.Ordinal).First())
                .Where(r => pick(r) is not null).Select(r => (r.Seed, r.Checkpoint, 100 * pick(r)!.Value)).ToList();
            if (method != "none" && !results.Any(r => r.Method == method))
                return row with { Agreement = "not run", OurNote = $"{Display(method)} is not in this profile's methods" };
        }
        else
        {
            var wanted = n.Stage == "before" ? "none" : method;
            var scoped = measures.Where(m => m.Scenario == scenario.Name && m.Method == wanted).ToList();
            var lcDetail = scoped.Where(m => m.Measure == "local_complexity").Select(m => m.Detail).Order(StringComparer.Ordinal).FirstOrDefault();
            Func<MeasureRow, bool> pick = n.Metric switch
            {
                "grad_cosine" => m => m.Measure == "grad_cosine" && m.Layer == "all",
                "lc_retain" => m => m.Measure == "local_complexity" && m.Layer == "all" && m.Set == "retain" && m.Detail == lcDetail,
                "lc_test" => m => m.Measure == "local_complexity" && m.Layer == "all" && m.Set == "test" && m.Detail == lcDetail,
                "lc_forget" => m => m.Measure == "local_complexity" && m.Layer == "all" && m.Set == "forget" && m.Detail == lcDetail,
                _ => m => m.Measure == "cka_linear" && m.Set == "forget-vs-retain",
            };
            values = scoped.Where(pick).Where(m => double.IsFinite(m.Value)).Select(m => (m.Seed, m.Checkpoint, m.Value)).ToList();
            if (values.Count == 0)
                return row with { Agreement = "not run", OurNote = n.Stage == "after" ? $"no analysis after {Display(wanted)} in this profile" : "no analysis in this profile" };
            if (n.Metric.StartsWith("lc_", StringComparison.Ordinal)) row = row with { OurNote = $"radius {lcDetail}" };
        }
        var pairs = values.GroupBy(v => v.Seed)
            .Select(g => (A: g.Where(v => v.Checkpoint == pre).Select(v => (double?)v.Value).FirstOrDefault(),
                B: g.Where(v => v.Checkpoint == grok).Select(v => (double?)v.Value).FirstOrDefault()))
            .Where(p => p.A is not null && p.B is not null).Select(p => (A: p.A!.Value, B: p.B!.Value)).ToList();
        if (pairs.Count == 0) return row with { Agreement = "not run", OurNote = "no seed with both checkpoints" };
        var ourPre = pairs.Average(p => p.A);
        var ourGrok = pairs.Average(p => p.B);
        var c = PairedComparison.Of(pairs.Select(p => p.A).ToList(), pairs.Select(p => p.B).ToList());
        var significant = c.PValue is < ClaimVerdicts.Alpha;
        var agreement = Math.Sign(n.Difference) == 0 ? "paper: no difference"
            : Math.Sign(c.MeanDifference) == 0 ? "ours: no difference"
            : Math.Sign(c.MeanDifference) == Math.Sign(n.Difference) ? Agrees : Opposite;
        var effect = Signed(c.MeanDifference) + (c.CiHalfWidth is { } ci ? F($" ± {ci:G3}") : "");
        var p = c.PValue is { } pv ? F($"{pv:G3}") : "—";
        return row with
        {
            OurPre = Value(ourPre), OurGrok = Value(ourGrok), OurDifference = effect, Seeds = pairs.Count.ToString(CultureInfo.InvariantCulture),
            P = p, Agreement = agreement, Significant = significant,
            Summary = F($"Table {n.Table} {row.Method} {scenario.Name} {n.Metric} ({n.Stage}): paper {Signed(n.Difference)}, ours {effect} (p {p}, {pairs.Count} seeds)"),
        };
    }

    /// <summary>Our scenario of the same kind and forget fraction; an unstated forget set → our first partial-class scenario.</summary>
    private static ScenarioSpec? Match(PaperNumber n, IReadOnlyList<ScenarioSpec> scenarios) => n.ForgetKind.Length == 0
        ? scenarios.FirstOrDefault(s => s.Kind == ScenarioKind.PartialClass) ?? scenarios.FirstOrDefault()
        : scenarios.FirstOrDefault(s => ScenarioSpec.KindName(s.Kind) == n.ForgetKind && Math.Abs(s.Fraction - (n.ForgetFraction ?? -1)) < 1e-9);

    private static string Differs(int table, string setting, string? lcAfter) => table switch
    {
        1 or 10 => $"Ours: {setting}; the paper: ResNet-18 / CNN on CIFAR-10. Accuracies in percent after the method's full update budget.",
        3 => $"Ours: {setting}, gradients over the whole forget and retain sets in float64; the paper: CIFAR-10, forget set not stated (ours: the first partial-class scenario).",
        4 => $"Ours: {setting}, input-space local complexity at the smallest radius; after unlearning with {Display(lcAfter ?? "—")} (the paper does not name its method).",
        5 => $"Ours: {setting}, forget and retain images paired by class; the paper states neither its dataset nor its pairing.",
        11 => $"Ours: {setting}, a partial-class scenario of the same fraction; the paper: ResNet on SVHN (TA and RA labels as printed in its Table 11).",
        _ => $"Ours: {setting}.",
    };

    private static string Setting(UnlearnResultRow r) => Setting(r.TrainCell.Length > 0 ? r.TrainCell : r.Cell);

    /// <summary>A training cell id without its seed: dataset__model__recipe.</summary>
    private static string Setting(string cell)
    {
        var i = cell.IndexOf("__seed", StringComparison.Ordinal);
        return i < 0 ? cell : cell[..i];
    }

    private static string Display(string method) => method switch { "NegGradPlus" => "∇τ (NegGradPlus)", "FT" => "fine-tune (FT)", _ => method };

    private static string Percent(double? fraction) => F($"{100 * (fraction ?? 0):0.#}%");

    private static string Number(double v, double? sd) => F($"{v:0.###}") + (sd is { } s ? F($" ± {s:0.##}") : "");
    private static string Value(double v) => F($"{v:G4}");
    private static string Signed(double v) => (v > 0 ? "+" : "") + v.ToString("G3", CultureInfo.InvariantCulture);
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The paper-vs-reproduction section: one table per paper table and protocol, and the agreement counts.</summary>
public sealed record PaperComparisonModel(IReadOnlyList<PaperComparisonTable> Tables, IReadOnlyList<AgreementCount> Counts);

public sealed record PaperComparisonTable(int Table, string Title, string Protocol, string Differences, IReadOnlyList<PaperComparisonRow> Rows);

/// <summary>One paper cell beside ours: the paper's θ_pre, θ_grok and difference; our means, paired difference ± 95% t CI, p and agreement.</summary>
public sealed record PaperComparisonRow(int Table, string PaperCell, string Method, string Metric, string PaperPre, string PaperGrok,
    string PaperDifference, string Setting, string Scenario, string OurPre, string OurGrok, string OurDifference, string P, string Agreement,
    bool Significant, string Note, string OurNote)
{
    public string Seeds { get; init; } = "—";
    public string Summary { get; init; } = "";
}

/// <summary>Per protocol: comparisons where both the paper and we show a direction, how many agree, how many are opposite (and significant).</summary>
public sealed record AgreementCount(string Protocol, int Compared, int Agree, int AgreeSignificant, int Opposite, int OppositeSignificant,
    int NotCompared, IReadOnlyList<string> Contradictions);
