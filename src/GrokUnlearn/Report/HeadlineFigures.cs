using GrokUnlearn.Config;

namespace GrokUnlearn.Report;

/// <summary>
/// The figures a reader sees first, per track: the training curve with fit, θ_pre and θ_grok marked (the paper's
/// Figure 1(a)), unlearning along the training run (Figure 1(b)) and forget accuracy against updates from θ_pre and
/// θ_grok in the main scenario (Figure 2). All are figures the report draws anyway; this picks which ones lead.
/// </summary>
public static class HeadlineFigures
{
    public static HeadlineModel Build(IReadOnlyList<RunSection> runs, IReadOnlyList<TrajectorySection> trajectories,
        IReadOnlyList<ResultFigureGroup> results, RunProfile profile)
    {
        var tracks = new List<HeadlineTrack>();
        var vision = runs.Where(r => !r.Sam && r.Unlearned && !r.Language).ToList();
        // The main setting: the one unlearned along its training run, else the first unlearned image/modular run.
        var trajectory = trajectories.FirstOrDefault(t => vision.Any(r => t.Setting.StartsWith(r.Dataset + "__", StringComparison.Ordinal)));
        var main = trajectory is null ? vision.FirstOrDefault()
            : vision.Where(r => trajectory.Setting.StartsWith(r.Dataset + "__", StringComparison.Ordinal)).OrderBy(r => r.Seed).First();
        if (main is not null)
        {
            var figures = new List<HeadlineFigure>
            {
                new(main.AccuracyFigure, "training curve",
                    $"{main.Cell}: train and test accuracy with the fit, θ_pre and θ_grok marked (the paper's Figure 1(a))."),
            };
            if (trajectory is not null)
                figures.Add(new(trajectory.Figure, "unlearning along training",
                    $"{trajectory.Method} for a fixed budget ({trajectory.Budget}) from checkpoints along {trajectory.Setting} ({trajectory.Scenario}): accuracy after unlearning against the step it started from (the paper's Figure 1(b))."));
            var scenario = profile.Unlearn?.Trajectory?.Scenario ?? profile.Unlearn?.Scenarios.Keys.FirstOrDefault();
            var method = profile.Unlearn?.Trajectory?.Method ?? profile.Unlearn?.Methods.FirstOrDefault()?.Name;
            var group = results.FirstOrDefault(g => g.Dataset == main.Dataset && g.Scenario == scenario) ?? results.FirstOrDefault(g => g.Dataset == main.Dataset);
            var curve = group?.Curves.FirstOrDefault(c => c.Method == method) ?? group?.Curves.FirstOrDefault();
            if (group is not null && curve is not null)
                figures.Add(new(curve.Figure, "forget accuracy while unlearning",
                    $"{curve.Method} on {group.Dataset}, scenario {group.Scenario}: forget accuracy against unlearning updates from θ_pre and θ_grok, mean ± sd over seeds (the paper's Figure 2)."));
            tracks.Add(new HeadlineTrack($"Vision ({main.Dataset})", figures));
        }
        var language = runs.Where(r => r.Language && r.Unlearned).OrderBy(r => r.Seed).FirstOrDefault();
        if (language is not null)
            tracks.Add(new HeadlineTrack($"Language ({language.Dataset})",
            [
                new(language.AccuracyFigure, "language training curve",
                    $"{language.Cell}: exact match on trained and held-out question templates with the fit, θ_pre and θ_grok marked."),
            ]));
        // Each caption says which track it belongs to; the first figure stands beside the abstract, the rest below it.
        var all = tracks.SelectMany(t => t.Figures.Select(f => f with { Caption = $"{t.Title}: {f.Caption}" })).ToList();
        return new HeadlineModel(all.FirstOrDefault(), all.Skip(1).ToList());
    }
}

/// <summary>The hero figure (beside the abstract) and the other headline figures (below it), each caption naming its track.</summary>
public sealed record HeadlineModel(HeadlineFigure? Hero, IReadOnlyList<HeadlineFigure> Others);

/// <summary>A track's figures, before their captions are prefixed with its title.</summary>
internal sealed record HeadlineTrack(string Title, IReadOnlyList<HeadlineFigure> Figures);

public sealed record HeadlineFigure(string Figure, string Alt, string Caption);
