using MathNet.Numerics.Statistics;
using GrokUnlearn.Unlearning;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>
/// Results figures over seeds: forget accuracy against updates for one method from each starting checkpoint (mean line,
/// ± sd band), and collateral-damage bars (RA and TA lost per method and start, 95% CI whiskers).
/// </summary>
public static class SeedBandPlotter
{
    public static void WriteCurves(string dir, string name, string title, IReadOnlyList<(string Start, IReadOnlyList<IList<UnlearnCurveRow>> Seeds)> starts, double? target)
    {
        var plot = NewPlot(title, "unlearning updates", "forget accuracy (UA)");
        for (var s = 0; s < starts.Count; s++)
        {
            var (start, seeds) = starts[s];
            var updates = seeds.SelectMany(c => c.Select(r => r.Updates)).Distinct().Order().ToArray();
            if (updates.Length == 0) continue;
            var stats = updates.Select(u => seeds.Select(c => c.FirstOrDefault(r => r.Updates == u)?.ForgetAcc).OfType<double>().ToList()).ToList();
            var xs = updates.Select(u => (double)u).ToArray();
            var mean = stats.Select(v => v.Average()).ToArray();
            var sd = stats.Select(v => v.Count > 1 ? v.StandardDeviation() : 0).ToArray();
            var color = StartColor(start, s);
            var band = plot.Add.FillY(xs, mean.Zip(sd, (m, d) => m - d).ToArray(), mean.Zip(sd, (m, d) => m + d).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 2 ? 6 : 0;
            line.LegendText = $"from θ_{start} (mean ± sd, {seeds.Count} seeds)";
        }
        if (target is { } t)
        {
            var h = plot.Add.HorizontalLine(t);
            h.Color = Colors.Black;
            h.LegendText = "target";
        }
        plot.Axes.SetLimitsY(-0.02, 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        FigureFile.Save(plot, dir, name, 900, 420);
    }

    /// <summary>Bars per method × start for one metric; whiskers are 95% t CIs (none with one seed).</summary>
    public static void WriteDamage(string dir, string name, string title, string yLabel, IReadOnlyList<string> methods, IReadOnlyList<string> starts,
        Func<string, string, IReadOnlyList<double>> values)
    {
        var plot = NewPlot(title, "method", yLabel);
        var width = 0.8 / starts.Count;
        for (var s = 0; s < starts.Count; s++)
        {
            var bars = new List<Bar>();
            for (var m = 0; m < methods.Count; m++)
            {
                var v = values(methods[m], starts[s]);
                if (v.Count == 0) continue;
                var summary = Metrics.SeedSummary.Of(v);
                bars.Add(new Bar
                {
                    Position = m + (s - (starts.Count - 1) / 2.0) * width, Value = summary.Mean, Error = summary.CiHalfWidth ?? 0,
                    FillColor = StartColor(starts[s], s), Size = width * 0.95,
                });
            }
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = $"from θ_{starts[s]}";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, methods.Count).Select(i => (double)i).ToArray(), methods.ToArray());
        plot.ShowLegend(Alignment.UpperLeft);
        FigureFile.Save(plot, dir, name, 900, 420);
    }

    private static Color StartColor(string start, int index) => start switch
    {
        "pre" => Colors.C0,
        "grok" => Colors.C1,
        _ => Colors.Category10[(index + 2) % 10],
    };

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }
}
