using System.Globalization;
using GrokUnlearn.Metrics;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>Reads every unlearn cell's result and curve into report tables and one forget-accuracy figure per run × scenario.</summary>
public static class UnlearnTables
{
    public static IReadOnlyList<UnlearnTable> Build(ReportCell cell, PipelineOutputs outputs)
    {
        var tables = new List<UnlearnTable>();
        foreach (var group in outputs.Unlearn.GroupBy(u => (Run: u.Cell.Run.Id, Scenario: u.Cell.Scenario)))
        {
            var results = group.ToList();
            var first = results.Select(r => r.Result).FirstOrDefault(r => r.OracleUa is not null);
            var figure = $"{group.Key.Run}__{group.Key.Scenario}-unlearning";
            UnlearnPlotter.Write(cell.FiguresDirectory, figure, $"{group.Key.Run}, {group.Key.Scenario}: forget accuracy while unlearning",
                results.Where(r => r.Curve.Count > 0).Select(r => (Label: $"{r.Result.Method} ({r.Result.Checkpoint})", r.Result.Checkpoint, r.Curve)).ToList(),
                first?.TargetUa);
            tables.Add(new UnlearnTable(
                group.Key.Run, group.Key.Scenario, results[0].Result.ForgetSize,
                first is null ? "n/a" : F($"UA {first.OracleUa:F3}, RA {first.OracleRa:F3}, TA {first.OracleTa:F3}, MIA {first.OracleMia:F3}"),
                first is null ? "n/a" : F($"{first.TargetUa:F3}"),
                figure,
                results.OrderBy(r => r.Result.Method, StringComparer.Ordinal).ThenBy(r => r.Result.Checkpoint, StringComparer.Ordinal)
                    .Select(r => Line(r.Result)).ToList()));
        }
        return tables;
    }

    private static UnlearnLine Line(UnlearnResultRow r) => r.Status != "done"
        ? new UnlearnLine(r.Method, r.Checkpoint, "—", "—", "—", "—", "—", "—", F($"{r.Seconds:F1}"), r.Status)
        : new UnlearnLine(r.Method, $"{r.Checkpoint} (step {r.CheckpointStep})",
            F($"{r.UaBefore:F3} → {r.Ua:F3}"), F($"{r.RaBefore:F3} → {r.Ra:F3}"), F($"{r.TaBefore:F3} → {r.Ta:F3}"),
            r.StepsToTarget is { } s ? s.ToString(CultureInfo.InvariantCulture) : F($"not reached in {r.Updates} (closest {r.ClosestUa:F3})"),
            F($"{r.MiaBefore:F3} → {r.Mia:F3}"),
            r.Ues is { } u ? F($"{u:G3}") + (r.UesUnstable ? " (unstable: negative denominator)" : "") : "undefined (denominator ≈ 0)",
            F($"{r.Seconds:F1}"), r.Status);

    /// <summary>Per dataset × model × recipe × scenario: each metric over the training seeds, and θ_grok − θ_pre paired by seed.</summary>
    public static IReadOnlyList<SeedTable> Summarise(PipelineOutputs outputs)
    {
        var rows = outputs.Unlearn;
        var tables = new List<SeedTable>();
        foreach (var group in rows.GroupBy(r => (Group: $"{r.Cell.Run.Run.Dataset.Name} / {r.Cell.Run.Run.Model.Name} / {r.Cell.Run.Run.Recipe.Name}",
                     Scenario: r.Cell.Scenario)))
        {
            var seeds = group.Select(r => r.Result.Seed).Distinct().Order().ToList();
            var lines = new List<SeedLine>();
            var paired = new List<PairedLine>();
            foreach (var method in group.GroupBy(r => r.Result.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                foreach (var checkpoint in method.GroupBy(r => r.Result.Checkpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var done = checkpoint.Select(r => r.Result).Where(r => r.Status == "done").ToList();
                    if (done.Count == 0)
                    {
                        lines.Add(new SeedLine(method.Key, checkpoint.Key, 0, "—", "—", "—", "—", "—", "—"));
                        continue;
                    }
                    var reached = done.Where(r => r.StepsToTarget is not null).Select(r => (double)r.StepsToTarget!.Value).ToList();
                    lines.Add(new SeedLine(method.Key, checkpoint.Key, done.Count,
                        Summary(done.Select(r => r.Ua!.Value)), Summary(done.Select(r => r.Ra!.Value)), Summary(done.Select(r => r.Ta!.Value)),
                        reached.Count == 0 ? $"not reached (0/{done.Count})" : $"{Summary(reached, "F1")} ({reached.Count}/{done.Count} reached)",
                        Summary(done.Select(r => r.Mia!.Value)), Summary(done.Select(r => r.Seconds), "F1")));
                }
                var pairs = method.Where(r => r.Result.Status == "done").GroupBy(r => r.Result.Seed)
                    .Select(g => (Pre: g.FirstOrDefault(r => r.Result.Checkpoint == "pre")?.Result, Grok: g.FirstOrDefault(r => r.Result.Checkpoint == "grok")?.Result))
                    .Where(p => p.Pre is not null && p.Grok is not null).Select(p => (Pre: p.Pre!, Grok: p.Grok!)).ToList();
                if (pairs.Count == 0) continue;
                foreach (var (metric, select) in new (string, Func<UnlearnResultRow, double?>)[]
                         {
                             ("steps to target", r => r.StepsToTarget), ("UA", r => r.Ua), ("RA", r => r.Ra), ("TA", r => r.Ta),
                             ("RA drop", r => r.RaBefore - r.Ra), ("TA drop", r => r.TaBefore - r.Ta), ("MIA", r => r.Mia),
                         })
                {
                    var both = pairs.Where(p => select(p.Pre) is not null && select(p.Grok) is not null).ToList();
                    if (both.Count == 0)
                    {
                        paired.Add(new PairedLine(method.Key, metric, 0, "not reached from both checkpoints", "n/a", "n/a"));
                        continue;
                    }
                    var c = PairedComparison.Of(both.Select(p => select(p.Pre)!.Value).ToList(), both.Select(p => select(p.Grok)!.Value).ToList());
                    paired.Add(new PairedLine(method.Key, metric, c.N,
                        c.CiHalfWidth is { } ci ? F($"{c.MeanDifference:+0.000;-0.000;0.000} ± {ci:F3}") : F($"{c.MeanDifference:+0.000;-0.000;0.000}"),
                        c.EffectSize is { } dz ? F($"{dz:F2}") : "n/a",
                        c.PValue is { } pv ? F($"{pv:G3}") : c.N < 2 ? "n/a (1 pair)" : "n/a (no variation)"));
                }
            }
            tables.Add(new SeedTable(group.Key.Group, group.Key.Scenario, string.Join(", ", seeds), lines, paired));
        }
        return tables;
    }

    private static string Summary(IEnumerable<double> values, string format = "F3")
    {
        var s = SeedSummary.Of(values.ToList());
        var mean = s.Mean.ToString(format, CultureInfo.InvariantCulture);
        return s.Std is { } sd
            ? $"{mean} ± {sd.ToString(format, CultureInfo.InvariantCulture)} (95% CI ±{s.CiHalfWidth!.Value.ToString(format, CultureInfo.InvariantCulture)})"
            : mean;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
