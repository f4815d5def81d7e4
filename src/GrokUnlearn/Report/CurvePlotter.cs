using GrokUnlearn.Training;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>Training-curve figures (SVG for HTML, PNG for Markdown) with fit / θ_pre / θ_grok marked.</summary>
public static class CurvePlotter
{
    private const int Width = 900;
    private const int Height = 420;

    /// <summary>Writes &lt;name&gt;.svg and &lt;name&gt;.png for the accuracy and loss figures; returns the base names.</summary>
    public static (string Accuracy, string Loss) Write(string figuresDir, string cellId, IReadOnlyList<CurveRow> curve, GrokEvents events)
    {
        var steps = curve.Select(r => (double)r.Step).ToArray();

        var acc = NewPlot($"{cellId}: accuracy", "accuracy");
        AddLine(acc, steps, curve.Select(r => r.TrainAcc).ToArray(), "train", Colors.C0);
        AddLine(acc, steps, curve.Select(r => r.TestAcc).ToArray(), "test", Colors.C1);
        if (curve.All(r => r.ValAcc is not null))
            AddLine(acc, steps, curve.Select(r => r.ValAcc!.Value).ToArray(), "validation (selection)", Colors.C5);
        acc.Axes.SetLimitsY(-0.02, 1.05);
        MarkEvents(acc, events);
        acc.ShowLegend(Alignment.LowerRight);

        var loss = NewPlot($"{cellId}: loss (log10) and weight norm", "log10 cross-entropy");
        AddLine(loss, steps, curve.Select(r => Math.Log10(Math.Max(r.TrainLoss, 1e-12))).ToArray(), "train loss", Colors.C0);
        AddLine(loss, steps, curve.Select(r => Math.Log10(Math.Max(r.TestLoss, 1e-12))).ToArray(), "test loss", Colors.C1);
        var norm = loss.Add.Scatter(steps, curve.Select(r => r.WeightNorm).ToArray());
        norm.LegendText = "weight norm (right axis)";
        norm.MarkerSize = 0;
        norm.LineWidth = 2;
        norm.Color = Colors.C2;
        norm.Axes.YAxis = loss.Axes.Right;
        loss.Axes.Right.Label.Text = "‖θ‖₂";
        MarkEvents(loss, events);
        loss.ShowLegend(Alignment.MiddleRight);

        var accName = $"{cellId}-accuracy";
        var lossName = $"{cellId}-loss";
        FigureFile.Save(acc, figuresDir, accName, Width, Height);
        FigureFile.Save(loss, figuresDir, lossName, Width, Height);
        return (accName, lossName);
    }

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel("optimizer step");
        plot.YLabel(yLabel);
        return plot;
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = color;
    }

    private static void MarkEvents(Plot plot, GrokEvents events)
    {
        foreach (var (row, label, color, dashed) in new[]
                 {
                     (events.Fit, "fit", Colors.Gray, false), (events.Pre, "θ_pre", Colors.C3, false), (events.Grok, "θ_grok", Colors.C4, false),
                     (events.PaperPre, "θ_pre, paper protocol", Colors.C3, true), (events.PaperGrok, "θ_grok, paper protocol", Colors.C4, true),
                 })
        {
            if (row is null) continue;
            var line = plot.Add.VerticalLine(row.Step);
            line.LegendText = $"{label} (step {row.Step})";
            line.Color = color;
            if (dashed) line.LinePattern = LinePattern.Dashed;
        }
    }
}
