using System.Globalization;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>The report's language-track section: TOFU metrics per forget split × method × starting checkpoint (mean over seeds).</summary>
public static class LanguageTables
{
    public static async Task<LanguageModel?> ReadAsync(IReadOnlyList<UnlearnCell> cells)
    {
        if (cells.Count == 0) return null;
        var rows = new List<LanguageResultRow>();
        foreach (var cell in cells)
            rows.AddRange((await ParquetTable.ReadAsync<LanguageResultRow>(cell.LockTable)).Rows);
        return Build(rows, cells[0].Shared.TargetTolerance);
    }

    public static LanguageModel Build(IReadOnlyList<LanguageResultRow> rows, double tolerance)
    {
        var lines = new List<LanguageLine>();
        var comparisons = new List<LanguageComparison>();
        foreach (var split in rows.GroupBy(r => r.ForgetSplit).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var method in split.GroupBy(r => r.Method))
            {
                var byCheckpoint = method.GroupBy(r => r.Checkpoint).ToDictionary(g => g.Key, g => g.Where(r => r.Status == "done").ToList());
                foreach (var checkpoint in byCheckpoint.Keys)
                    lines.Add(Line(split.Key, method.Key, checkpoint, method.Where(r => r.Checkpoint == checkpoint).ToList(), byCheckpoint[checkpoint]));
                if (byCheckpoint.TryGetValue("pre", out var pre) && byCheckpoint.TryGetValue("grok", out var grok) && pre.Count > 0 && grok.Count > 0)
                    comparisons.Add(Compare(split.Key, method.Key, pre, grok));
            }
        return new LanguageModel(Invariant($"{tolerance:F2}"), lines, comparisons);
    }

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

    /// <summary>θ_grok against θ_pre for one method: updates to target (never = budget + 1) and utility kept.</summary>
    private static LanguageComparison Compare(string split, string method, List<LanguageResultRow> pre, List<LanguageResultRow> grok)
    {
        static double Steps(LanguageResultRow r) => r.StepsToTarget ?? r.Updates + 1;
        var preSteps = pre.Average(Steps);
        var grokSteps = grok.Average(Steps);
        var preUtility = pre.Average(r => r.ModelUtility);
        var grokUtility = grok.Average(r => r.ModelUtility);
        var faster = grokSteps < preSteps ? "θ_grok" : grokSteps > preSteps ? "θ_pre" : "tie";
        // Utilities equal at the table's three decimals are a tie, not a win by a rounding error.
        var kept = Math.Abs(grokUtility - preUtility) < 5e-4 ? "tie" : grokUtility > preUtility ? "θ_grok" : "θ_pre";
        return new LanguageComparison(split, method, Invariant($"{preSteps:F1}"), Invariant($"{grokSteps:F1}"), faster,
            Invariant($"{preUtility:F3}"), Invariant($"{grokUtility:F3}"), kept);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
