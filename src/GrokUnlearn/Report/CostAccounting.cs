using System.Globalization;
using GrokUnlearn.Training;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>
/// The reviewers' objection in numbers: the extra training that θ_grok costs over θ_pre (steps and seconds from the
/// training curve), what each deletion request saves by unlearning θ_grok instead (updates to the forget target ×
/// seconds per update), and the break-even number of requests at which grokking's extra training pays for itself.
/// </summary>
public static class CostAccounting
{
    /// <summary>A training run's curve and its θ_pre / θ_grok steps (null when not reached).</summary>
    public sealed record RunCurve(string Dataset, int Seed, IReadOnlyList<CurveRow> Curve, int? PreStep, int? GrokStep);

    public static (IReadOnlyList<TrainingCostLine> Training, IReadOnlyList<BreakEvenLine> BreakEven) Build(
        IReadOnlyList<RunCurve> runs, IReadOnlyList<UnlearnResultRow> results)
    {
        var training = new List<TrainingCostLine>();
        var extraSeconds = new Dictionary<string, double>();
        foreach (var g in runs.Where(r => r.PreStep is not null && r.GrokStep is not null).GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pre = g.Select(r => (Step: (double)r.PreStep!.Value, Seconds: SecondsAt(r.Curve, r.PreStep.Value))).ToList();
            var grok = g.Select(r => (Step: (double)r.GrokStep!.Value, Seconds: SecondsAt(r.Curve, r.GrokStep.Value))).ToList();
            var extra = grok.Zip(pre, (b, a) => b.Seconds - a.Seconds).Average();
            extraSeconds[g.Key] = extra;
            training.Add(new TrainingCostLine(g.Key, g.Count(), F($"{pre.Average(p => p.Step):F0}"), F($"{pre.Average(p => p.Seconds):F1}"),
                F($"{grok.Average(p => p.Step):F0}"), F($"{grok.Average(p => p.Seconds):F1}"),
                F($"{grok.Zip(pre, (b, a) => b.Step - a.Step).Average():F0}"), F($"{extra:F1}")));
        }

        var breakEven = new List<BreakEvenLine>();
        foreach (var g in results.Where(r => r.Status == "done" && r.Checkpoint is "pre" or "grok")
                     .GroupBy(r => (r.Dataset, r.Scenario, r.Method)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal))
        {
            // Per seed: seconds to reach the target = updates to target × (cell seconds / updates run), both checkpoints reached.
            var pairs = g.GroupBy(r => r.Seed)
                .Select(s => (Pre: s.FirstOrDefault(r => r.Checkpoint == "pre"), Grok: s.FirstOrDefault(r => r.Checkpoint == "grok")))
                .Where(p => p.Pre?.StepsToTarget is not null && p.Grok?.StepsToTarget is not null).ToList();
            if (!extraSeconds.TryGetValue(g.Key.Dataset, out var extra)) continue;
            if (pairs.Count == 0)
            {
                breakEven.Add(new BreakEvenLine(g.Key.Dataset, g.Key.Scenario, g.Key.Method, 0, "—", "—", "n/a: the target was not reached from both checkpoints"));
                continue;
            }
            var updatesSaved = pairs.Average(p => p.Pre!.StepsToTarget!.Value - p.Grok!.StepsToTarget!.Value);
            var secondsSaved = pairs.Average(p => Cost(p.Pre!) - Cost(p.Grok!));
            var verdict = secondsSaved <= 0
                ? "never: unlearning θ_grok is not cheaper per request"
                : F($"{Math.Ceiling(extra / secondsSaved):N0} requests ({extra:F1} s extra training / {secondsSaved:G3} s saved per request)");
            breakEven.Add(new BreakEvenLine(g.Key.Dataset, g.Key.Scenario, g.Key.Method, pairs.Count, F($"{updatesSaved:+0.0;-0.0;0}"), F($"{secondsSaved:+0.000;-0.000;0}"), verdict));
        }
        return (training, breakEven);
    }

    private static double Cost(UnlearnResultRow r) => r.StepsToTarget!.Value * (r.Updates == 0 ? 0 : r.Seconds / r.Updates);

    private static double SecondsAt(IReadOnlyList<CurveRow> curve, int step) => curve.Where(r => r.Step <= step).Select(r => r.TrainSeconds).DefaultIfEmpty(0).Max();

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

public sealed record TrainingCostLine(string Dataset, int Seeds, string PreStep, string PreSeconds, string GrokStep, string GrokSeconds, string ExtraSteps, string ExtraSeconds);

public sealed record BreakEvenLine(string Dataset, string Scenario, string Method, int Seeds, string UpdatesSaved, string SecondsSaved, string BreakEven);
