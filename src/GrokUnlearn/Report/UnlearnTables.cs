using System.Globalization;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>Reads every unlearn cell's result and curve into report tables and one forget-accuracy figure per run × scenario.</summary>
public static class UnlearnTables
{
    public static async Task<IReadOnlyList<UnlearnTable>> BuildAsync(ReportCell cell, ArtifactStore store)
    {
        var tables = new List<UnlearnTable>();
        foreach (var group in cell.Unlearn.GroupBy(c => (Run: c.Run.Id, Scenario: c.Split.Scenario.Name)))
        {
            var results = new List<(UnlearnCell Cell, UnlearnResultRow Result, IList<UnlearnCurveRow> Curve)>();
            foreach (var c in group)
            {
                var (rows, _) = await ParquetTable.ReadAsync<UnlearnResultRow>(c.LockTable);
                var (curve, _) = await ParquetTable.ReadAsync<UnlearnCurveRow>(store.UnlearnCurveTable(c.Id));
                results.Add((c, rows.Single(), curve));
            }
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
        ? new UnlearnLine(r.Method, r.Checkpoint, "—", "—", "—", "—", "—", "—", r.Status)
        : new UnlearnLine(r.Method, $"{r.Checkpoint} (step {r.CheckpointStep})",
            F($"{r.UaBefore:F3} → {r.Ua:F3}"), F($"{r.RaBefore:F3} → {r.Ra:F3}"), F($"{r.TaBefore:F3} → {r.Ta:F3}"),
            r.StepsToTarget is { } s ? s.ToString(CultureInfo.InvariantCulture) : F($"not reached in {r.Updates} (closest {r.ClosestUa:F3})"),
            F($"{r.MiaBefore:F3} → {r.Mia:F3}"),
            r.Ues is { } u ? F($"{u:G3}") + (r.UesUnstable ? " (unstable: negative denominator)" : "") : "undefined (denominator ≈ 0)",
            r.Status);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
