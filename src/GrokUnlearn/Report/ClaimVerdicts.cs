using System.Globalization;
using GrokUnlearn.Analysis;
using GrokUnlearn.Metrics;
using GrokUnlearn.Unlearning;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace GrokUnlearn.Report;

/// <summary>
/// One verdict per claim of the paper (paper-setup.md) × dataset × scenario × method, from the unlearn results and the
/// analysis measures, paired by training seed. The rule (stated in the report): the paper's direction with a paired
/// t-test p &lt; α → supported; the opposite direction with p &lt; α → not supported; otherwise inconclusive. The
/// Wilcoxon p and a bootstrap CI are shown beside it (with 3 seeds Wilcoxon cannot go below 0.25).
/// </summary>
public static class ClaimVerdicts
{
    public const double Alpha = 0.05;
    public const string Supported = "supported";
    public const string NotSupported = "not supported";
    public const string Inconclusive = "inconclusive";

    public const string Rule =
        "A claim's effect is compared over training seeds, paired by seed (same seed, same forget set). Supported: the effect " +
        "points the paper's way and the two-sided paired t-test gives p < 0.05. Not supported: it points the other way with " +
        "p < 0.05. Inconclusive: p ≥ 0.05, or fewer than two seeds with a value from both checkpoints (e.g. the forget target " +
        "was not reached). Stability compares the spread over seeds with a two-sided F-test of the variances. The Wilcoxon " +
        "signed-rank p (exact) and a 95% percentile-bootstrap CI of the mean effect are reported beside every paired test.";

    /// <summary>
    /// Builds every claim row. <paramref name="measures"/> are the before-unlearning analysis rows (may be empty).
    /// <paramref name="metrics"/> names what UA / RA / TA stand for (a language run's forget ES, retain ES, model utility).
    /// </summary>
    public static IReadOnlyList<ClaimRow> Evaluate(IReadOnlyList<UnlearnResultRow> results, IReadOnlyList<MeasureRow> measures, ClaimMetrics? metrics = null)
    {
        var m = metrics ?? ClaimMetrics.Classifier;
        var rows = new List<ClaimRow>();
        var done = results.Where(r => r.Status == "done").ToList();
        foreach (var g in done.GroupBy(r => (r.Dataset, r.Scenario, r.Method)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal))
        {
            var (dataset, scenario, method) = g.Key;
            var list = g.ToList();
            // Each checkpoint protocol is compared on its own pair of checkpoints and never pooled with the other.
            foreach (var (pre, grok, protocol) in Protocols(list.Select(r => r.Checkpoint)))
            {
                rows.Add(Paired("1 efficiency", dataset, scenario, method, "updates to reach the forget target" + protocol, Lower, list, pre, grok, r => r.StepsToTarget));
                rows.Add(Paired("2a collateral damage: accuracy lost", dataset, scenario, method, $"{m.Retain} lost ({m.RetainShort} before − after)" + protocol, Lower, list, pre, grok, r => r.RaBefore - r.Ra));
                rows.Add(Paired("2a collateral damage: accuracy lost", dataset, scenario, method, $"{m.Test} lost ({m.TestShort} before − after)" + protocol, Lower, list, pre, grok, r => r.TaBefore - r.Ta));
                // The paper's literal wording ("keeps more RA and TA"): the level after unlearning. For TA it favours θ_grok
                // by construction when θ_pre never generalised, which is why the losses above are reported too.
                rows.Add(Paired("2b collateral damage: accuracy kept", dataset, scenario, method, $"{m.Retain} after unlearning" + protocol, Higher, list, pre, grok, r => r.Ra));
                rows.Add(Paired("2b collateral damage: accuracy kept", dataset, scenario, method, $"{m.Test} after unlearning" + protocol, Higher, list, pre, grok, r => r.Ta));
            }
            foreach (var (pre, grok, protocol) in Protocols(list.Select(r => r.Checkpoint)))
                foreach (var (metric, select) in new (string, Func<UnlearnResultRow, double?>)[] { ($"{m.ForgetShort} after", r => r.Ua), ($"{m.RetainShort} after", r => r.Ra), ($"{m.TestShort} after", r => r.Ta) })
                    rows.Add(Spread(dataset, scenario, method, metric + protocol, list, select, pre, grok));
            if (list.Any(r => r.Checkpoint == "sam-pre"))
                rows.Add(Between(dataset, scenario, method, list));
        }
        var before = measures.Where(m => m.Method == "none").ToList();
        foreach (var g in before.GroupBy(m => (m.Dataset, m.Scenario)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal))
        {
            var list = g.ToList();
            var lcDetail = list.Where(m => m.Measure == "local_complexity").Select(m => m.Detail).Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
            var lastHidden = list.Where(m => m.Measure == "cka_linear" && m.Set == "forget-vs-retain").Select(m => m.Layer).FirstOrDefault() ?? "";
            foreach (var (metric, direction, pick) in new (string, int, Func<MeasureRow, bool>)[]
                     {
                         ("forget/retain gradient cosine", Lower, m => m.Measure == "grad_cosine" && m.Layer == "all"),
                         ($"local complexity around retain inputs ({lcDetail})", Lower, m => m.Measure == "local_complexity" && m.Layer == "all" && m.Set == "retain" && m.Detail == lcDetail),
                         ("forget-vs-retain linear CKA (final layer, matched pairs)", Lower, m => m.Measure == "cka_linear" && m.Set == "forget-vs-retain" && m.Layer == lastHidden),
                         ("Hessian λ_max / trace on the retain set (\"different curvature\": either direction)", Either, m => m.Measure == "hessian_top_eigenvalue_over_trace" && m.Set == "retain"),
                     })
            {
                var values = list.Where(pick).Select(m => (m.Checkpoint, m.Seed, (double?)m.Value)).ToList();
                foreach (var (pre, grok, protocol) in Protocols(values.Select(v => v.Checkpoint)))
                    rows.Add(PairedValues("4 mechanism", g.Key.Dataset, g.Key.Scenario, "—", metric + protocol, direction, values, pre, grok));
            }
            if (list.Any(m => m.Checkpoint == "sam-pre"))
            {
                var flat = list.Where(m => m.Measure == "hessian_top_eigenvalue" && m.Set == "retain").Select(m => (m.Checkpoint, m.Seed, (double?)m.Value)).ToList();
                rows.Add(PairedValues("5 flatness control", g.Key.Dataset, g.Key.Scenario, "—", "θ_sam-pre is flatter than θ_pre (Hessian λ_max, retain)", Lower, flat, "pre", "sam-pre"));
            }
        }
        return rows;
    }

    /// <summary>
    /// The checkpoint pairs a comparison is made on: θ_pre vs θ_grok of the controlled protocol (unlabelled, as always),
    /// and of the paper protocol (paper-pre vs paper-grok, labelled " [paper protocol]") when those were unlearned.
    /// </summary>
    public const string PaperProtocolLabel = " [paper protocol]";

    public static IEnumerable<(string Pre, string Grok, string Label)> Protocols(IEnumerable<string> checkpoints)
    {
        var present = checkpoints.ToHashSet();
        yield return ("pre", "grok", "");
        if (present.Contains("paper-pre") && present.Contains("paper-grok")) yield return ("paper-pre", "paper-grok", PaperProtocolLabel);
    }

    private const int Lower = -1;
    private const int Either = 0;
    private const int Higher = 1;

    private static ClaimRow Paired(string claim, string dataset, string scenario, string method, string metric, int direction,
        List<UnlearnResultRow> rows, string a, string b, Func<UnlearnResultRow, double?> select) =>
        PairedValues(claim, dataset, scenario, method, metric, direction, rows.Select(r => (r.Checkpoint, r.Seed, select(r))).ToList(), a, b);

    /// <summary>b − a paired by seed; the paper expects its sign to be <paramref name="direction"/> (−1 lower, +1 higher, 0 any difference).</summary>
    private static ClaimRow PairedValues(string claim, string dataset, string scenario, string method, string metric, int direction,
        List<(string Checkpoint, int Seed, double? Value)> values, string a, string b)
    {
        var seeds = values.Select(v => v.Seed).Distinct().Count();
        var pairs = values.GroupBy(v => v.Seed)
            .Select(s => (A: s.FirstOrDefault(v => v.Checkpoint == a).Value, B: s.FirstOrDefault(v => v.Checkpoint == b).Value))
            .Where(p => p.A is { } x && p.B is { } y && double.IsFinite(x) && double.IsFinite(y))
            .Select(p => (A: p.A!.Value, B: p.B!.Value)).ToList();
        var comparison = $"θ_{b} − θ_{a}";
        var expected = direction switch { < 0 => $"{comparison} < 0", > 0 => $"{comparison} > 0", _ => $"{comparison} ≠ 0" };
        if (pairs.Count < 2)
            return new ClaimRow(claim, dataset, scenario, method, metric, expected, pairs.Count, Mean(pairs.Select(p => p.A)), Mean(pairs.Select(p => p.B)),
                "—", "—", "—", "—", "—", Inconclusive, $"{pairs.Count} of {seeds} seed(s) have a value from both θ_{a} and θ_{b}");
        var c = PairedComparison.Of(pairs.Select(p => p.A).ToList(), pairs.Select(p => p.B).ToList());
        var diffs = pairs.Select(p => p.B - p.A).ToList();
        var (low, high) = BootstrapInterval.OfMean(diffs);
        var wilcoxon = WilcoxonSignedRank.Test(diffs).P;
        var verdict = c.PValue is not { } p || p >= Alpha ? Inconclusive
            : direction == Either || Math.Sign(c.MeanDifference) == direction ? Supported : NotSupported;
        var note = c.PValue is null ? "no variation between seeds" : pairs.Count < seeds ? $"{pairs.Count} of {seeds} seeds (the others lack a value)" : "";
        return new ClaimRow(claim, dataset, scenario, method, metric, expected, pairs.Count, Mean(pairs.Select(x => x.A)), Mean(pairs.Select(x => x.B)),
            Signed(c.MeanDifference) + (c.CiHalfWidth is { } ci ? F($" ± {ci:G3}") : ""), F($"[{low:G3}, {high:G3}]"),
            c.EffectSize is { } dz ? F($"{dz:F2}") : "—", c.PValue is { } pv ? F($"{pv:G3}") : "—", F($"{wilcoxon:G3}"), verdict, note);
    }

    /// <summary>Claim 3: the spread over seeds, sd(θ_grok) vs sd(θ_pre), with a two-sided F-test of the variances.</summary>
    private static ClaimRow Spread(string dataset, string scenario, string method, string metric, List<UnlearnResultRow> rows,
        Func<UnlearnResultRow, double?> select, string preCheckpoint, string grokCheckpoint)
    {
        double[] Values(string checkpoint) => rows.Where(r => r.Checkpoint == checkpoint && select(r) is not null).Select(r => select(r)!.Value).ToArray();
        var pre = Values(preCheckpoint);
        var grok = Values(grokCheckpoint);
        const string expected = "sd(θ_grok) < sd(θ_pre)";
        if (pre.Length < 2 || grok.Length < 2)
            return new ClaimRow("3 stability", dataset, scenario, method, $"spread over seeds of {metric}", expected, Math.Min(pre.Length, grok.Length),
                "—", "—", "—", "—", "—", "—", "—", Inconclusive, "fewer than two seeds");
        var (sdPre, sdGrok) = (pre.StandardDeviation(), grok.StandardDeviation());
        string verdict, p = "—", note = "";
        if (sdPre == 0 && sdGrok == 0) (verdict, note) = (Inconclusive, "no spread from either checkpoint");
        else if (sdPre == 0 || sdGrok == 0)
            (verdict, note) = (Inconclusive, "one checkpoint has no spread: the F-test is undefined");
        else
        {
            var f = sdGrok * sdGrok / (sdPre * sdPre);
            var cdf = FisherSnedecor.CDF(grok.Length - 1, pre.Length - 1, f);
            var pv = Math.Min(1, 2 * Math.Min(cdf, 1 - cdf));
            p = F($"{pv:G3}");
            verdict = pv >= Alpha ? Inconclusive : sdGrok < sdPre ? Supported : NotSupported;
        }
        return new ClaimRow("3 stability", dataset, scenario, method, $"spread over seeds of {metric}", expected, Math.Min(pre.Length, grok.Length),
            F($"sd {sdPre:G3}"), F($"sd {sdGrok:G3}"), F($"ratio {(sdPre == 0 ? double.NaN : sdGrok / sdPre):G3}"), "—", "—", p, "—", verdict, note);
    }

    /// <summary>Claim 5: θ_sam-pre sits between θ_pre and θ_grok in unlearning efficiency (pre > sam > grok in updates to target).</summary>
    private static ClaimRow Between(string dataset, string scenario, string method, List<UnlearnResultRow> rows)
    {
        var preVsSam = PairedValues("", dataset, scenario, method, "", Lower, rows.Select(r => (r.Checkpoint, r.Seed, (double?)r.StepsToTarget)).ToList(), "pre", "sam-pre");
        var samVsGrok = PairedValues("", dataset, scenario, method, "", Lower, rows.Select(r => (r.Checkpoint, r.Seed, (double?)r.StepsToTarget)).ToList(), "sam-pre", "grok");
        var verdict = preVsSam.Verdict == Supported && samVsGrok.Verdict == Supported ? Supported
            : preVsSam.Verdict == NotSupported || samVsGrok.Verdict == NotSupported ? NotSupported : Inconclusive;
        return new ClaimRow("5 flatness control", dataset, scenario, method, "updates to target: θ_pre > θ_sam-pre > θ_grok", "both differences < 0",
            Math.Min(preVsSam.Pairs, samVsGrok.Pairs), preVsSam.A, preVsSam.B + " / " + samVsGrok.B,
            $"sam−pre {preVsSam.Effect}; grok−sam {samVsGrok.Effect}", "—", "—", $"{preVsSam.PT} / {samVsGrok.PT}", "—", verdict,
            string.Join("; ", new[] { preVsSam.Note, samVsGrok.Note }.Where(n => n.Length > 0)));
    }

    private static string Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "—" : F($"{list.Average():G4}");
    }


    private static string Signed(double v) => (v > 0 ? "+" : "") + v.ToString("G3", CultureInfo.InvariantCulture);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// What the result fields a claim reads stand for: a classifier's UA / RA / TA, or a language run's forget Extraction
/// Strength / retain Extraction Strength / model utility (the paper's Table 2 measures; utility stands in for TA).
/// </summary>
public sealed record ClaimMetrics(string Retain, string RetainShort, string Test, string TestShort, string ForgetShort)
{
    public static readonly ClaimMetrics Classifier = new("retain accuracy", "RA", "test accuracy", "TA", "UA");
    public static readonly ClaimMetrics Language = new("retain Extraction Strength", "retain ES", "model utility", "MU", "forget ES");
}

/// <summary>One claim × dataset × scenario × method: the two sides' means, the effect (b − a ± 95% t CI), bootstrap CI, d_z, p-values, verdict.</summary>
public sealed record ClaimRow(string Claim, string Dataset, string Scenario, string Method, string Metric, string Expected, int Pairs,
    string A, string B, string Effect, string Bootstrap, string EffectSize, string PT, string PWilcoxon, string Verdict, string Note);
