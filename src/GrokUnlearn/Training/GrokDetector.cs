using GrokUnlearn.Config;

namespace GrokUnlearn.Training;

/// <summary>
/// Applies the checkpoint-selection rules (<see cref="SelectionSpec"/>) to a training curve. Every rule reads
/// <see cref="CurveRow.SelectionAcc"/> — validation accuracy when the run has a validation split — and never test
/// accuracy when it has one.
/// </summary>
public static class GrokDetector
{
    public static GrokEvents Detect(IReadOnlyList<CurveRow> curve, SelectionSpec rule)
    {
        var rows = curve.OrderBy(r => r.Step).ToList();
        var (paperPre, paperGrok) = rule.Paper is { } paper ? Paper(rows, paper, rule.GrokTestAcc) : (null, null);
        var fitIndex = rows.FindIndex(r => r.TrainAcc >= rule.FitTrainAcc);
        if (fitIndex < 0) return new GrokEvents(null, null, null, paperPre, paperGrok);
        var fit = rows[fitIndex];

        // θ_pre: best selection accuracy in the memorisation phase — from fit while it is below its value at fit + margin.
        var ceiling = fit.SelectionAcc + rule.PreMargin;
        var phase = rows.Skip(fitIndex).TakeWhile(r => r.SelectionAcc < ceiling).ToList();
        var pre = phase.Count == 0 ? fit : phase.MaxBy(r => r.SelectionAcc)!; // MaxBy keeps the earliest of ties

        // θ_grok: first evaluation after fit from which selection accuracy stays at or above the threshold.
        CurveRow? grok = null;
        for (var i = rows.Count - 1; i >= fitIndex && rows[i].SelectionAcc >= rule.GrokTestAcc; i--) grok = rows[i];
        return new GrokEvents(fit, pre, grok, paperPre, paperGrok);
    }

    /// <summary>The paper protocol (<see cref="PaperProtocolSpec"/>): early stopping by patience, then a held window above the threshold.</summary>
    public static (CurveRow? Pre, CurveRow? Grok) Paper(IReadOnlyList<CurveRow> rows, PaperProtocolSpec rule, double threshold)
    {
        CurveRow? best = null;
        var wait = 0;
        var stopped = -1;
        for (var i = 0; i < rows.Count; i++)
        {
            if (best is null || rows[i].SelectionAcc > best.SelectionAcc + rule.MinDelta)
            {
                best = rows[i];
                wait = 0;
            }
            else if (++wait >= rule.Patience)
            {
                stopped = i;
                break;
            }
        }
        if (stopped < 0) return (null, null);
        var start = rows.ToList().IndexOf(best!);
        var held = 0;
        for (var i = start + 1; i < rows.Count; i++)
        {
            held = rows[i].SelectionAcc >= threshold ? held + 1 : 0;
            if (held >= rule.Hold) return (best, rows[i]);
        }
        return (best, null);
    }
}
