using System.Globalization;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>
/// The report's language-track section: TOFU metrics per forget split × method × starting checkpoint (mean over seeds),
/// and the paper's claims on them through the same claims code as the vision track (<see cref="ClaimVerdicts"/>, paired
/// by seed): updates to the forget-ES target, retain Extraction Strength and model utility lost and kept, spread.
/// </summary>
public static class LanguageTables
{
    public static async Task<LanguageModel?> ReadAsync(IReadOnlyList<UnlearnCell> cells)
    {
        if (cells.Count == 0) return null;
        var rows = new List<(string Dataset, LanguageResultRow Row)>();
        foreach (var cell in cells)
            rows.AddRange((await ParquetTable.ReadAsync<LanguageResultRow>(cell.LockTable)).Rows.Select(r => (cell.Run.Run.Dataset.Name, r)));
        return Build(rows, cells[0].Shared.TargetTolerance);
    }

    public static LanguageModel Build(IReadOnlyList<(string Dataset, LanguageResultRow Row)> results, double tolerance)
    {
        var rows = results.Select(r => r.Row).ToList();
        var lines = new List<LanguageLine>();
        foreach (var split in rows.GroupBy(r => r.ForgetSplit).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var method in split.GroupBy(r => r.Method))
            {
                var byCheckpoint = method.GroupBy(r => r.Checkpoint).ToDictionary(g => g.Key, g => g.Where(r => r.Status == "done").ToList());
                foreach (var checkpoint in byCheckpoint.Keys)
                    lines.Add(Line(split.Key, method.Key, checkpoint, method.Where(r => r.Checkpoint == checkpoint).ToList(), byCheckpoint[checkpoint]));
            }
        var claims = ClaimVerdicts.Evaluate(results.Select(r => AsClaimInput(r.Dataset, r.Row)).ToList(), [], ClaimMetrics.Language);
        return new LanguageModel(Invariant($"{tolerance:F2}"), lines, claims, ClaimSummary.Of(claims));
    }

    /// <summary>A language result in the claims code's terms: UA = forget ES, RA = retain ES, TA = model utility.</summary>
    public static UnlearnResultRow AsClaimInput(string dataset, LanguageResultRow r) => new()
    {
        Cell = r.Cell, Dataset = dataset, Seed = r.Seed, Checkpoint = r.Checkpoint, Scenario = r.ForgetSplit, Method = r.Method,
        Status = r.Status, Updates = r.Updates, StepsToTarget = r.StepsToTarget, Seconds = r.Seconds,
        UaBefore = r.ForgetEsBefore, Ua = r.ForgetEs, RaBefore = r.RetainEsBefore, Ra = r.RetainEs, TaBefore = r.ModelUtilityBefore, Ta = r.ModelUtility,
    };

    private static LanguageLine Line(string split, string method, string checkpoint, List<LanguageResultRow> all, List<LanguageResultRow> done)
    {
        if (done.Count == 0)
            return new LanguageLine(split, method, checkpoint, 0, all.FirstOrDefault()?.Status ?? "no result", "", "", "", "", "", "", "", "");
        string Mean(Func<LanguageResultRow, double> f, string format) => Invariant($"{done.Average(f).ToString(format, CultureInfo.InvariantCulture)}");
        var reached = done.Where(r => r.StepsToTarget is not null).ToList();
        var steps = reached.Count == done.Count
            ? Invariant($"{done.Average(r => r.StepsToTarget!.Value):F1}")
            : reached.Count == 0 ? $"never (≤ {done[0].Updates})" : Invariant($"{reached.Count}/{done.Count} seeds; {reached.Average(r => r.StepsToTarget!.Value):F1}");
        return new LanguageLine(split, method, checkpoint, done.Count, "done", steps,
            $"{Mean(r => r.ForgetEsBefore, "F3")} → {Mean(r => r.ForgetEs, "F3")}", Mean(r => r.OracleForgetEs, "F3"),
            $"{Mean(r => r.ForgetQuality, "G3")} ({Mean(r => r.Log10ForgetQuality, "F1")})",
            $"{Mean(r => r.ModelUtilityBefore, "F3")} → {Mean(r => r.ModelUtility, "F3")}",
            Mean(r => r.RetainEs, "F3"), Mean(r => r.ForgetRouge, "F3"), Mean(r => r.HeldOutAcc, "F3"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
