using GrokUnlearn.Unlearning;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>Forget accuracy against unlearning updates: one colour per method, strong from θ_grok, light from θ_pre.</summary>
public static class UnlearnPlotter
{
    public static void Write(string dir, string name, string title,
        IReadOnlyList<(string Label, string Checkpoint, IList<UnlearnCurveRow> Curve)> series, double? target)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel("unlearning updates");
        plot.YLabel("forget accuracy (UA)");
        var methods = series.Select(s => s.Label.Split(' ')[0]).Distinct().ToList();
        foreach (var (label, checkpoint, curve) in series)
        {
            var line = plot.Add.Scatter(curve.Select(r => (double)r.Updates).ToArray(), curve.Select(r => r.ForgetAcc).ToArray());
            line.LegendText = label;
            line.MarkerSize = curve.Count == 2 ? 6 : 0; // one-shot methods have just before/after
            line.LineWidth = 2;
            // Skia's SVG backend drops dash patterns, so θ_pre is told apart by a lighter, thinner line instead.
            var color = Colors.Category10[methods.IndexOf(label.Split(' ')[0]) % 10];
            line.Color = checkpoint == "grok" ? color : color.WithAlpha(0.45);
            line.LineWidth = checkpoint == "grok" ? 2.5f : 1.5f;
        }
        if (target is { } t)
        {
            var h = plot.Add.HorizontalLine(t);
            h.LegendText = "target (oracle UA + tolerance)";
            h.Color = Colors.Black;
        }
        plot.Axes.SetLimitsY(-0.02, 1.05);
        plot.ShowLegend(Edge.Right); // outside the data area: many methods, and the curves need the space
        FigureFile.Save(plot, dir, name, 1000, 480);
    }
}
