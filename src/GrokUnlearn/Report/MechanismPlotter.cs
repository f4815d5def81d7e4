using MathNet.Numerics.Statistics;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>A mechanism measure through unlearning: one point per state (before, after each method) and starting checkpoint, mean ± sd over seeds.</summary>
public static class MechanismPlotter
{
    public static void Write(string dir, string name, string title, string yLabel, IReadOnlyList<string> states, IReadOnlyList<string> starts,
        Func<int, string, IReadOnlyList<double>> values)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.YLabel(yLabel);
        for (var s = 0; s < starts.Count; s++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var errors = new List<double>();
            for (var i = 0; i < states.Count; i++)
            {
                var v = values(i, starts[s]).Where(double.IsFinite).ToList();
                if (v.Count == 0) continue;
                xs.Add(i + (s - (starts.Count - 1) / 2.0) * 0.15); // side by side within a state
                ys.Add(v.Average());
                errors.Add(v.Count > 1 ? v.StandardDeviation() : 0);
            }
            if (xs.Count == 0) continue;
            var color = Colors.Category10[s % 10];
            var points = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            points.LineWidth = 0;
            points.MarkerSize = 9;
            points.Color = color;
            points.LegendText = starts[s] switch { "pre" => "from θ_pre", "grok" => "from θ_grok", var other => $"from θ_{other}" };
            var bars = plot.Add.ErrorBar(xs.ToArray(), ys.ToArray(), errors.ToArray());
            bars.Color = color;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, states.Count).Select(i => (double)i).ToArray(), states.ToArray());
        plot.Axes.SetLimitsX(-0.6, states.Count - 0.4);
        plot.XLabel("state (mean ± sd over seeds)");
        plot.ShowLegend(Edge.Right);
        FigureFile.Save(plot, dir, name, 900, 420);
    }
}
