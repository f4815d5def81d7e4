using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>
/// The results figures over seeds, per dataset × scenario (every starting checkpoint by its label, SAM included):
/// one forget-accuracy curve with seed bands per method, and collateral-damage bars for RA and TA lost.
/// </summary>
public static class ResultFigures
{
    public static IReadOnlyList<ResultFigureGroup> Build(ReportCell cell, PipelineOutputs outputs)
    {
        var runs = outputs.Unlearn.Where(u => u.Result.Status == "done").ToList();
        var groups = new List<ResultFigureGroup>();
        foreach (var g in runs.GroupBy(r => (r.Result.Dataset, r.Result.Scenario)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal))
        {
            var starts = g.Select(r => r.Result.Checkpoint).Distinct().OrderBy(s => s switch { "pre" => 0, "grok" => 1, _ => 2 }).ThenBy(s => s, StringComparer.Ordinal).ToList();
            var methods = g.Select(r => r.Result.Method).Distinct().Order(StringComparer.Ordinal).ToList();
            var target = g.Select(r => r.Result.TargetUa).FirstOrDefault(t => t is not null);
            var prefix = $"{g.Key.Dataset}__{g.Key.Scenario}";
            var curves = new List<ResultFigure>();
            foreach (var method in methods)
            {
                var name = $"{prefix}__{method}-seeds";
                SeedBandPlotter.WriteCurves(cell.FiguresDirectory, name, $"{g.Key.Dataset}, {g.Key.Scenario}, {method}: forget accuracy over seeds",
                    starts.Select(s => (s, (IReadOnlyList<IList<UnlearnCurveRow>>)g.Where(r => r.Result.Method == method && r.Result.Checkpoint == s).Select(r => r.Curve).ToList()))
                        .Where(t => t.Item2.Count > 0).ToList(), target);
                curves.Add(new ResultFigure(method, name));
            }
            IReadOnlyList<double> Lost(string method, string start, Func<UnlearnResultRow, double?> lost) =>
                g.Where(r => r.Result.Method == method && r.Result.Checkpoint == start).Select(r => lost(r.Result)).OfType<double>().ToList();
            var ra = $"{prefix}__retain-damage";
            var ta = $"{prefix}__test-damage";
            SeedBandPlotter.WriteDamage(cell.FiguresDirectory, ra, $"{g.Key.Dataset}, {g.Key.Scenario}: retain accuracy lost", "RA before − after",
                methods, starts, (m, s) => Lost(m, s, r => r.RaBefore - r.Ra));
            SeedBandPlotter.WriteDamage(cell.FiguresDirectory, ta, $"{g.Key.Dataset}, {g.Key.Scenario}: test accuracy lost", "TA before − after",
                methods, starts, (m, s) => Lost(m, s, r => r.TaBefore - r.Ta));
            groups.Add(new ResultFigureGroup(g.Key.Dataset, g.Key.Scenario, curves, ra, ta));
        }
        return groups;
    }
}

public sealed record ResultFigure(string Method, string Figure);

public sealed record ResultFigureGroup(string Dataset, string Scenario, IReadOnlyList<ResultFigure> Curves, string RetainDamage, string TestDamage);
