using System.Globalization;
using GrokUnlearn.Analysis;
using GrokUnlearn.Metrics;
using MathNet.Numerics.Statistics;
using GrokUnlearn.Pipeline;

namespace GrokUnlearn.Report;

/// <summary>
/// The report's Mechanism section from the Analyze stage: per dataset × scenario, one table per measure comparing the
/// starting checkpoints before unlearning (mean ± sd over seeds, 95% CI, θ_grok − θ_pre paired by seed), and for the key
/// measures a figure and table of how they change through each unlearning method.
/// </summary>
public static class MechanismTables
{
    /// <summary>Measure → what it is, in the order the report lists them.</summary>
    public static readonly IReadOnlyList<(string Measure, string Description)> Measures =
    [
        ("grad_cosine", "cosine between the forget-set and retain-set loss gradients (all parameters and per layer); lower = a forget step disturbs the retain set less"),
        ("grad_angle_deg", "the same, as an angle in degrees"),
        ("grad_pairwise_cosine", "mean cosine between per-example forget and retain gradients"),
        ("grad_norm", "gradient norm of the mean cross-entropy on each set"),
        ("local_complexity", "neurons whose zero set crosses a cross-polytope around each input (Humayun et al. 2024), per layer and total, mean over inputs"),
        ("input_norm", "mean norm of the retain inputs in the model's input space — embedded operands, or pixels (the scale local-complexity radii are relative to)"),
        ("cka_linear", "linear CKA: forget vs retain final-layer features on matched pairs, and layer by layer against θ_pre (before unlearning) or the starting checkpoint (after)"),
        ("cka_debiased", "the same with the unbiased HSIC estimator (small n)"),
        ("matched_pairs", "forget inputs with a retain partner for the forget-vs-retain CKA"),
        ("class_selectivity", "mean class-selectivity index of live hidden units over all p² inputs (modular) or the test sample (images) (Morcos et al. 2018)"),
        ("selective_unit_fraction", "fraction of live hidden units with selectivity > 0.5"),
        ("dead_unit_fraction", "fraction of hidden units that are zero on every input"),
        ("effective_rank", "effective rank of final-layer features (Roy & Vetterli 2007)"),
        ("participation_ratio", "participation ratio of the final-layer feature covariance"),
        ("top_unit_jaccard", "overlap (Jaccard) of the most active units on the forget and retain sets; lower = more modular"),
        ("fourier_ipr", "Fourier inverse participation ratio over residues of embedding columns and first-layer neurons; higher = fewer frequencies"),
        ("fourier_top_power", "share of the embedding's Fourier power in its strongest frequencies"),
        ("hessian_top_eigenvalue", "largest-magnitude Hessian eigenvalue of the loss (power iteration on Hessian-vector products)"),
        ("hessian_trace", "Hessian trace (Hutchinson, Rademacher probes)"),
        ("hessian_trace_per_parameter", "Hessian trace / number of parameters"),
        ("hessian_top_eigenvalue_over_trace", "λ_max / trace: how concentrated the curvature is, independent of the loss scale (a confident model's cross-entropy Hessian shrinks toward 0)"),
        ("hessian_power_iterations", "Hessian-vector products the power iteration needed"),
        ("hutchinson_samples", "probes the trace estimate needed"),
        ("hessian_top_eigenvalue_cost_in_gradients", "seconds of one top-eigenvalue estimate / seconds of one gradient on the same inputs"),
        ("hvp_cost_in_gradients", "seconds of one Hessian-vector product / seconds of one gradient on the same inputs"),
    ];

    /// <summary>The measures plotted through unlearning: (measure, layer, set, detail-prefix, axis label).</summary>
    private static readonly (string Measure, string Layer, string Set, string Detail, string Label)[] KeyMeasures =
    [
        ("grad_cosine", "all", "forget-vs-retain", "", "forget/retain gradient cosine"),
        ("local_complexity", "all", "retain", "r = ", "local complexity around retain inputs (smallest radius)"),
        ("local_complexity", "all", "forget", "r = ", "local complexity around forget inputs (smallest radius)"),
        ("cka_linear", "*", "forget-vs-retain", "matched", "forget-vs-retain CKA (final layer, matched pairs)"),
        ("effective_rank", "*", "retain", "", "effective rank of final-layer features (retain)"),
        ("hessian_top_eigenvalue", "all", "retain", "", "Hessian λ_max on the retain set"),
        ("hessian_trace", "all", "retain", "", "Hessian trace on the retain set"),
        ("hessian_top_eigenvalue", "all", "forget", "", "Hessian λ_max on the forget set"),
        ("hessian_top_eigenvalue_over_trace", "all", "retain", "", "Hessian λ_max / trace on the retain set"),
    ];

    public static IReadOnlyList<MechanismSection> Build(ReportCell cell, PipelineOutputs outputs)
    {
        var rows = outputs.Measures;
        var sections = new List<MechanismSection>();
        foreach (var group in rows.GroupBy(r => (r.Dataset, r.Scenario)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal))
        {
            // Layers the report knows keep their place; any other (an image model's) follows its first appearance.
            var firstSeen = group.Select(r => r.Layer).Distinct().Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
            var starts = group.Select(r => r.Checkpoint).Distinct().OrderBy(StartOrder).ThenBy(s => s, StringComparer.Ordinal).ToList();
            var before = group.Where(r => r.Method == "none").ToList();
            var tables = new List<MechanismTable>();
            foreach (var (measure, description) in Measures)
            {
                var lines = before.Where(r => r.Measure == measure)
                    .GroupBy(r => (r.Layer, r.Set, r.Detail))
                    .OrderBy(g => LayerOrder(g.Key.Layer, firstSeen)).ThenBy(g => g.Key.Set, StringComparer.Ordinal).ThenBy(g => g.Key.Detail, StringComparer.Ordinal)
                    .Select(g => Line(g.Key.Layer, g.Key.Set, g.Key.Detail, g.ToList(), starts)).ToList();
                if (lines.Count > 0) tables.Add(new MechanismTable(measure, description, lines));
            }
            var methods = group.Where(r => r.Method != "none").Select(r => r.Method).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToList();
            var through = new List<MechanismTrajectory>();
            foreach (var key in KeyMeasures)
            {
                var matching = group.Where(r => r.Measure == key.Measure && (key.Layer == "*" || r.Layer == key.Layer) && r.Set == key.Set
                                                && r.Detail.StartsWith(key.Detail, StringComparison.Ordinal)).ToList();
                if (matching.Count == 0) continue;
                // One layer and one detail: the final layer for "*", the smallest radius for local complexity.
                var layer = key.Layer == "*" ? matching.Select(r => r.Layer).OrderBy(l => LayerOrder(l, firstSeen)).Last(l => l is not ("head" or "fc")) : key.Layer;
                var detail = matching.Where(r => r.Layer == layer).Select(r => r.Detail).Order(StringComparer.Ordinal).First();
                var series = matching.Where(r => r.Layer == layer && r.Detail == detail).ToList();
                var states = new[] { "none" }.Concat(methods).ToList();
                var figure = Sanitise($"{group.Key.Dataset}__{group.Key.Scenario}__mechanism__{key.Measure}__{key.Set}");
                MechanismPlotter.Write(cell.FiguresDirectory, figure, $"{group.Key.Dataset}, {group.Key.Scenario}: {key.Label}", key.Measure,
                    states.Select(s => s == "none" ? "before" : s).ToList(), starts,
                    (state, start) => series.Where(r => r.Method == states[state] && r.Checkpoint == start).Select(r => r.Value).ToList());
                through.Add(new MechanismTrajectory(key.Label, layer, detail, figure,
                    states.Select(s => new MechanismLine(s == "none" ? "before unlearning" : $"after {s}", "", "",
                        starts.Select(start => Summary(series.Where(r => r.Method == s && r.Checkpoint == start).Select(r => r.Value).ToList())).ToList(),
                        "", "")).ToList()));
            }
            var cost = group.Where(r => r.Measure.EndsWith("_seconds", StringComparison.Ordinal)).GroupBy(r => (r.Measure, r.Set))
                .Select(g => F($"{g.Key.Measure} ({g.Key.Set}): median {g.Select(r => r.Value).Median():G3} s over {g.Count()} cells")).ToList();
            var groups = group.GroupBy(r => r.Cell).SelectMany(c => c.GroupBy(r => GroupOf(r.Measure)).Select(g => (g.Key, g.First().Seconds)))
                .GroupBy(t => t.Key).Select(g => F($"{g.Key}: median {g.Select(t => t.Seconds).Median():F2} s per cell")).ToList();
            sections.Add(new MechanismSection(group.Key.Dataset, group.Key.Scenario,
                string.Join(", ", group.Select(r => r.Seed).Distinct().Order()), starts,
                starts.Contains("pre") && starts.Contains("grok"), tables, through, groups.Concat(cost).ToList()));
        }
        return sections;
    }

    private static MechanismLine Line(string layer, string set, string detail, List<MeasureRow> rows, List<string> starts)
    {
        // A measure that does not apply to this model: "n/a" in every column, the reason in the detail.
        if (rows.All(AnalyzeRunner.IsNotApplicable)) return new MechanismLine(layer, set, detail, starts.Select(_ => "n/a").ToList(), "—", "—");
        var values = starts.Select(s => Summary(rows.Where(r => r.Checkpoint == s).Select(r => r.Value).ToList())).ToList();
        var pairs = rows.Where(r => r.Checkpoint is "pre" or "grok").GroupBy(r => r.Seed)
            .Select(g => (Pre: g.FirstOrDefault(r => r.Checkpoint == "pre"), Grok: g.FirstOrDefault(r => r.Checkpoint == "grok")))
            .Where(p => p.Pre is not null && p.Grok is not null && double.IsFinite(p.Pre.Value) && double.IsFinite(p.Grok.Value)).ToList();
        string difference = "—", significance = "—";
        if (pairs.Count > 0 && !MeasureRow.IsTiming(rows[0].Measure)) // wall-clock ratios are reported, not tested
        {
            var c = PairedComparison.Of(pairs.Select(p => p.Pre!.Value).ToList(), pairs.Select(p => p.Grok!.Value).ToList());
            var mean = (c.MeanDifference > 0 ? "+" : "") + c.MeanDifference.ToString("G3", CultureInfo.InvariantCulture);
            difference = c.CiHalfWidth is { } ci ? F($"{mean} ± {ci:G3}") : mean;
            significance = c.PValue is { } p ? F($"{p:G3} (n = {c.N})") : c.N < 2 ? "n/a (1 seed)" : "n/a (no variation)";
        }
        return new MechanismLine(layer, set, detail, values, difference, significance);
    }

    private static string Summary(List<double> values)
    {
        values = values.Where(double.IsFinite).ToList();
        if (values.Count == 0) return "—";
        var s = SeedSummary.Of(values);
        return s.Std is { } sd ? F($"{s.Mean:G4} ± {sd:G3} (CI ±{s.CiHalfWidth:G3})") : F($"{s.Mean:G4}");
    }

    private static string GroupOf(string measure) => measure switch
    {
        _ when measure.StartsWith("grad_", StringComparison.Ordinal) => "gradient alignment",
        "local_complexity" or "input_norm" => "local complexity",
        _ when measure.StartsWith("cka_", StringComparison.Ordinal) || measure == "matched_pairs" => "CKA",
        _ when measure.StartsWith("hessian", StringComparison.Ordinal) || measure is "hutchinson_samples" or "gradient_seconds" => "curvature",
        _ => "representation",
    };

    private static int StartOrder(string label) => label switch { "pre" => 0, "grok" => 1, _ => 2 };

    private static int LayerOrder(string layer, IReadOnlyDictionary<string, int> firstSeen) => layer switch
    {
        "all" => 0,
        "embed" or "input" => 1,
        "head" or "fc" => 10_000,
        _ when layer.StartsWith("hidden.", StringComparison.Ordinal) && int.TryParse(layer["hidden.".Length..], CultureInfo.InvariantCulture, out var n) => 2 + n,
        _ => 100 + firstSeen.GetValueOrDefault(layer, 4_000),
    };


    private static string Sanitise(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
