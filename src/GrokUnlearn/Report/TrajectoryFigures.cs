using System.Globalization;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Training;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>
/// The paper's Figure 1(b): one unlearning method with its fixed budget applied at checkpoints along each training run;
/// forget, retain and test accuracy after unlearning against the training step at which it was applied, every seed,
/// with each seed's θ_pre and θ_grok of both protocols marked.
/// </summary>
public static class TrajectoryFigures
{
    private const int Width = 900;
    private const int Height = 440;

    /// <param name="events">The checkpoint events of every training run, by train cell id.</param>
    public static IReadOnlyList<TrajectorySection> Build(ReportCell cell, PipelineOutputs outputs, IReadOnlyDictionary<string, GrokEvents> events)
    {
        var sections = new List<TrajectorySection>();
        foreach (var group in outputs.Trajectory.Where(u => u.Result.Status == "done")
                     .GroupBy(u => (Setting: $"{u.Cell.Run.Run.Dataset.Name}__{u.Cell.Run.Run.Model.Name}__{u.Cell.Run.Run.Recipe.Name}",
                         Scenario: u.Cell.Scenario, Method: u.Cell.Method.Name))
                     .OrderBy(g => g.Key.Setting, StringComparer.Ordinal))
        {
            var (setting, scenario, method) = group.Key;
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            plot.Title($"{setting}: {method} from checkpoints along training ({scenario})");
            plot.XLabel("training step at which unlearning starts");
            plot.YLabel("accuracy after unlearning");
            var seeds = group.GroupBy(u => u.Cell.Run.Seed).OrderBy(g => g.Key).ToList();
            foreach (var (seedGroup, index) in seeds.Select((g, i) => (g, i)))
            {
                var points = seedGroup.Select(u => u.Result).Where(r => r.CheckpointStep is not null).OrderBy(r => r.CheckpointStep).ToList();
                var xs = points.Select(r => (double)r.CheckpointStep!.Value).ToArray();
                foreach (var (values, label, color) in new[]
                         {
                             (points.Select(r => r.Ua ?? double.NaN).ToArray(), "UA (forget)", Colors.C3),
                             (points.Select(r => r.Ra ?? double.NaN).ToArray(), "RA (retain)", Colors.C0),
                             (points.Select(r => r.Ta ?? double.NaN).ToArray(), "TA (test)", Colors.C2),
                         })
                {
                    var line = plot.Add.Scatter(xs, values);
                    line.LegendText = index == 0 ? label : "";
                    line.Color = color.WithAlpha(index == 0 ? 1.0 : 0.55);
                    line.LineWidth = 2;
                    line.MarkerSize = 5;
                }
                if (events.TryGetValue(seedGroup.First().Cell.Run.Id, out var e))
                    foreach (var (row, label, dashed) in new[] { (e.Pre, "θ_pre", false), (e.Grok, "θ_grok", false), (e.PaperPre, "θ_pre (paper)", true), (e.PaperGrok, "θ_grok (paper)", true) })
                    {
                        if (row is null) continue;
                        var v = plot.Add.VerticalLine(row.Step);
                        v.Color = (label.StartsWith("θ_pre", StringComparison.Ordinal) ? Colors.C1 : Colors.C4).WithAlpha(0.6);
                        v.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
                        v.LegendText = index == 0 ? label + " (seed " + seedGroup.Key.ToString(CultureInfo.InvariantCulture) + ")" : "";
                    }
            }
            plot.Axes.SetLimitsY(-0.02, 1.05);
            plot.ShowLegend(Alignment.LowerRight);
            var name = $"{setting}-trajectory-{scenario}-{method}";
            FigureFile.Save(plot, cell.FiguresDirectory, name, Width, Height);
            var first = group.First().Cell;
            var lines = group.Select(u => u.Result).Where(r => r.CheckpointStep is not null).GroupBy(r => r.CheckpointStep!.Value).OrderBy(g => g.Key)
                .Select(g => new TrajectoryLine(g.Key, g.Count(), Mean(g.Select(r => r.UaBefore)), Mean(g.Select(r => r.Ua)),
                    Mean(g.Select(r => r.RaBefore)), Mean(g.Select(r => r.Ra)), Mean(g.Select(r => r.Ta)))).ToList();
            sections.Add(new TrajectorySection(setting, scenario, method, Budget(first.Method), seeds.Count, name, lines));
        }
        return sections;
    }

    private static string Budget(Config.MethodSpec method) =>
        method.Parameters().TryGetValue("steps", out var steps) ? $"{steps} updates, lr {method.Parameters().GetValueOrDefault("lr")}" : "one-shot";

    private static string Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return list.Count == 0 ? "—" : list.Average().ToString("F3", CultureInfo.InvariantCulture);
    }
}

/// <summary>One run setting's trajectory: the figure and the mean over seeds at each checkpoint step.</summary>
public sealed record TrajectorySection(string Setting, string Scenario, string Method, string Budget, int Seeds, string Figure,
    IReadOnlyList<TrajectoryLine> Lines);

public sealed record TrajectoryLine(int Step, int Seeds, string UaBefore, string Ua, string RaBefore, string Ra, string Ta);
