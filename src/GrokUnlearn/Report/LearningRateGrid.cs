using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>
/// The learning-rate grid (issue 22): every grid point of a method ran from every starting checkpoint with the same
/// random stream. This applies the profile's pre-declared summary rule (<see cref="GridSummaryRule"/>) per run group ×
/// scenario × method × checkpoint protocol — θ_pre and θ_grok always get the same point — and returns the summary
/// outputs (the chosen point's cells, labelled with the bare method name) that the headline verdicts read, plus one
/// table per method with every grid point's numbers and verdicts.
/// </summary>
public static class LearningRateGrid
{
    public static GridReport Build(PipelineOutputs outputs, UnlearnSpec? spec)
    {
        var rule = spec?.GridSummary ?? GridSummaryRule.SmallestReaching;
        var gridded = outputs.Unlearn.Where(u => u.Cell.Method.IsGridPoint).ToList();
        if (gridded.Count == 0) return new GridReport(outputs, [], [], rule);
        // Per-point verdicts only where the whole grid ran (elsewhere the primary point alone stands for the method).
        var multi = gridded.GroupBy(u => (Setting(u), u.Cell.Scenario, u.Cell.Method.Name))
            .Where(g => g.Select(u => u.Cell.Method.Label).Distinct().Count() > 1).SelectMany(g => g).ToList();
        var perPoint = ClaimVerdicts.Evaluate(multi.Select(u => u.Result).ToList(), []);
        var kept = outputs.Unlearn.Where(u => !u.Cell.Method.IsGridPoint).ToList();
        var tables = new List<GridTable>();
        var choices = new List<GridChoice>();
        foreach (var group in gridded.GroupBy(u => (Setting: Setting(u), Scenario: u.Cell.Scenario, Method: u.Cell.Method.Name))
                     .OrderBy(g => g.Key.Setting, StringComparer.Ordinal).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Method, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var points = list.Select(u => u.Cell.Method).DistinctBy(m => m.Label).OrderBy(m => m.Lr).ToList();
            var lines = new List<GridLine>();
            var protocols = ClaimVerdicts.Protocols(list.Select(u => u.Result.Checkpoint)).ToList();
            var chosenFor = new Dictionary<string, MethodSpec>();
            foreach (var (pre, grok, label) in protocols)
            {
                var (chosen, why) = points.Count == 1
                    ? (points[0], "only the primary point ran on this scenario (grid_scenarios)")
                    : Choose(rule, points, list.Select(u => u.Result).ToList(), pre, grok);
                chosenFor[pre] = chosen;
                chosenFor[grok] = chosen;
                choices.Add(new GridChoice(group.Key.Setting, group.Key.Scenario, group.Key.Method, Protocol(label), chosen.GridKey, why));
                if (points.Count > 1)
                    foreach (var point in points)
                        lines.Add(Line(point, list, pre, grok, Protocol(label), ReferenceEquals(point, chosen), perPoint,
                            list[0].Cell.Run.Run.Dataset.Name, group.Key.Scenario));
            }
            // Checkpoints outside both protocol pairs (fit, final, sam-pre) follow the controlled protocol's point.
            var controlled = chosenFor.TryGetValue("pre", out var c) ? c : points[0];
            kept.AddRange(list.Where(u => u.Cell.Method.Label == (chosenFor.TryGetValue(u.Result.Checkpoint, out var m) ? m : controlled).Label)
                .Select(u => u with { Result = u.Result.WithMethod(u.Cell.Method.Name) }));
            if (points.Count > 1) tables.Add(new GridTable(group.Key.Setting, group.Key.Scenario, group.Key.Method, "", lines));
        }
        var summary = new PipelineOutputs(kept.Concat(outputs.Trajectory).ToList(), outputs.Measures);
        var lrOf = multi.Select(u => u.Cell.Method).DistinctBy(m => m.Label).ToDictionary(m => m.Label, m => m.Lr);
        return new GridReport(summary, tables, choices, rule) { PointVerdicts = Counts(perPoint, lrOf) };
    }

    /// <summary>The summary rule on one method's grid points for one protocol pair; returns the point and why.</summary>
    /// <param name="byLr">The grid points in increasing learning rate.</param>
    /// <param name="results">The method's results at every point (<see cref="UnlearnResultRow.Method"/> = the point's label).</param>
    public static (MethodSpec Point, string Why) Choose(string rule, IReadOnlyList<MethodSpec> byLr, IReadOnlyList<UnlearnResultRow> results, string pre, string grok)
    {
        if (rule == GridSummaryRule.Primary || byLr.Count == 1)
            return (byLr.FirstOrDefault(p => p.Primary) ?? byLr[0], "the primary point");
        foreach (var point in byLr)
        {
            var rows = results.Where(r => r.Method == point.Label && r.Status == "done").ToList();
            // Seeds whose run has both checkpoints (a run that never grokked has no θ_grok row to unlearn).
            var seeds = rows.GroupBy(r => r.Seed).Where(s => s.Any(r => r.Checkpoint == pre) && s.Any(r => r.Checkpoint == grok)).ToList();
            if (seeds.Count > 0 && seeds.All(s => s.Where(r => r.Checkpoint == pre || r.Checkpoint == grok).All(r => r.StepsToTarget is not null)))
                return (point, F($"smallest lr at which θ_{pre} and θ_{grok} reach the target for all {seeds.Count} seed(s)"));
        }
        return (byLr[^1], "no grid point reaches the target from both checkpoints for every seed: the largest lr");
    }

    private static GridLine Line(MethodSpec point, IReadOnlyList<UnlearnOutput> outputs, string pre, string grok, string protocol, bool chosen,
        IReadOnlyList<ClaimRow> perPoint, string dataset, string scenario)
    {
        var rows = outputs.Where(u => u.Cell.Method.Label == point.Label && u.Result.Status == "done").Select(u => u.Result).ToList();
        string Reached(string checkpoint)
        {
            var at = rows.Where(r => r.Checkpoint == checkpoint).ToList();
            var reached = at.Where(r => r.StepsToTarget is not null).Select(r => (double)r.StepsToTarget!.Value).ToList();
            return at.Count == 0 ? "—" : F($"{reached.Count}/{at.Count}") + (reached.Count > 0 ? F($" (mean {reached.Average():G3})") : "");
        }
        string Mean(string checkpoint, Func<UnlearnResultRow, double?> select)
        {
            var values = rows.Where(r => r.Checkpoint == checkpoint).Select(select).OfType<double>().ToList();
            return values.Count == 0 ? "—" : F($"{values.Average():F3}");
        }
        string Verdict(string metricStart) => perPoint.FirstOrDefault(c => c.Method == point.Label && c.Dataset == dataset && c.Scenario == scenario &&
            ClaimSummary.ProtocolOf(c) == protocol && c.Metric.StartsWith(metricStart, StringComparison.Ordinal)) is { } c
            ? $"{c.Verdict} ({c.Effect}, p {c.PT})" : "—";
        return new GridLine(MethodSpec.LrText(point.Lr), protocol, chosen, Reached(pre), Reached(grok),
            Mean(pre, r => r.Ra) + " / " + Mean(grok, r => r.Ra), Mean(pre, r => r.Ta) + " / " + Mean(grok, r => r.Ta),
            Verdict("updates to reach"), Verdict("retain accuracy lost"), Verdict("test accuracy lost"));
    }

    /// <summary>Verdict counts per learning rate × claim × protocol, over every gridded method and scenario.</summary>
    private static IReadOnlyList<GridVerdictCount> Counts(IReadOnlyList<ClaimRow> perPoint, IReadOnlyDictionary<string, double> lrOf) => perPoint
        .GroupBy(c => (Lr: lrOf[c.Method], c.Claim, Protocol: ClaimSummary.ProtocolOf(c)))
        .OrderBy(g => g.Key.Protocol == "paper" ? 1 : 0).ThenBy(g => g.Key.Claim, StringComparer.Ordinal).ThenBy(g => g.Key.Lr)
        .Select(g => new GridVerdictCount(g.Key.Protocol, g.Key.Claim, MethodSpec.LrText(g.Key.Lr), g.Count(c => c.Verdict == ClaimVerdicts.Supported),
            g.Count(c => c.Verdict == ClaimVerdicts.NotSupported), g.Count(c => c.Verdict == ClaimVerdicts.Inconclusive)))
        .ToList();

    private static string Setting(UnlearnOutput u) => $"{u.Cell.Run.Run.Dataset.Name} / {u.Cell.Run.Run.Model.Name} / {u.Cell.Run.Run.Recipe.Name}";

    private static string Protocol(string label) => label == ClaimVerdicts.PaperProtocolLabel ? "paper" : "controlled";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The grid's part of the report: the summary outputs the headline reads, the per-method tables, the choices made.</summary>
public sealed record GridReport(PipelineOutputs Summary, IReadOnlyList<GridTable> Tables, IReadOnlyList<GridChoice> Choices, string Rule)
{
    public IReadOnlyList<GridVerdictCount> PointVerdicts { get; init; } = [];
    public string RuleText => GridSummaryRule.Describe(Rule);
}

/// <summary>One method's grid on one setting × scenario: a line per learning rate × protocol.</summary>
public sealed record GridTable(string Setting, string Scenario, string Method, string Note, IReadOnlyList<GridLine> Lines);

/// <summary>
/// One grid point under one protocol: seeds that reached the target from θ_pre and θ_grok (with the mean updates), mean
/// RA and TA after unlearning (θ_pre / θ_grok), and the point's own verdicts. <c>Chosen</c>: the summary rule's point.
/// </summary>
public sealed record GridLine(string Lr, string Protocol, bool Chosen, string ReachedPre, string ReachedGrok, string Ra, string Ta,
    string Efficiency, string RaLost, string TaLost);

/// <summary>The point the summary rule chose for one setting × scenario × method × protocol, and why.</summary>
public sealed record GridChoice(string Setting, string Scenario, string Method, string Protocol, string Point, string Why);

/// <summary>How many comparisons of one claim × protocol each verdict got at one learning rate.</summary>
public sealed record GridVerdictCount(string Protocol, string Claim, string Lr, int Supported, int NotSupported, int Inconclusive);
