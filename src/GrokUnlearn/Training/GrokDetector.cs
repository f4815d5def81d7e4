using GrokUnlearn.Config;

namespace GrokUnlearn.Training;

/// <summary>Applies the checkpoint-selection rule (<see cref="SelectionSpec"/>) to a training curve.</summary>
public static class GrokDetector
{
    public static GrokEvents Detect(IReadOnlyList<CurveRow> curve, SelectionSpec rule)
    {
        var rows = curve.OrderBy(r => r.Step).ToList();
        var fitIndex = rows.FindIndex(r => r.TrainAcc >= rule.FitTrainAcc);
        if (fitIndex < 0) return new GrokEvents(null, null, null);
        var fit = rows[fitIndex];

        // θ_pre: best test accuracy in the memorisation phase — from fit while test is below test(fit) + margin.
        var ceiling = fit.TestAcc + rule.PreMargin;
        var phase = rows.Skip(fitIndex).TakeWhile(r => r.TestAcc < ceiling).ToList();
        var pre = phase.Count == 0 ? fit : phase.MaxBy(r => r.TestAcc)!; // MaxBy keeps the earliest of ties

        // θ_grok: first evaluation after fit from which test accuracy stays at or above the threshold.
        CurveRow? grok = null;
        for (var i = rows.Count - 1; i >= fitIndex && rows[i].TestAcc >= rule.GrokTestAcc; i--) grok = rows[i];
        return new GrokEvents(fit, pre, grok);
    }
}
