using GrokUnlearn.Training;

namespace GrokUnlearn.Language;

/// <summary>
/// The paper's local-grokking labels (its §4.2): a training example is "locally grokked" when its loss at an early
/// candidate checkpoint is already within a threshold of its final loss, "locally ungrokked" when its loss still falls
/// by more than a larger threshold after the candidate, and neither otherwise.
/// </summary>
public static class LocalGrokLabels
{
    public const string Grokked = "grokked";
    public const string Ungrokked = "ungrokked";
    public const string Neither = "neither";

    /// <summary>The two kinds a forget set is drawn from, in report order.</summary>
    public static readonly string[] Kinds = [Grokked, Ungrokked];

    /// <summary>
    /// The candidate evaluation: the one nearest <paramref name="fraction"/> × the last step (a tie goes to the earlier),
    /// or with no fraction the run's fit step. Null when the run never fit.
    /// </summary>
    public static int? CandidateStep(IReadOnlyList<int> steps, double? fraction, int? fitStep)
    {
        if (steps.Count == 0) throw new ArgumentException("the run has no evaluations.");
        var ordered = steps.Distinct().Order().ToList();
        if (fraction is not { } f) return fitStep;
        var target = f * ordered[^1];
        // Distances rounded to 1e-9, so a float product such as 0.15 × 1000 = 150.00000000000003 still ties to the earlier step.
        return ordered.OrderBy(s => Math.Round(Math.Abs(s - target), 9)).ThenBy(s => s).First();
    }

    /// <summary>
    /// Labels each example of <paramref name="indices"/> from the per-example loss curve: drop = loss(candidate) −
    /// loss(final); grokked when |drop| ≤ <paramref name="within"/>, ungrokked when drop &gt; <paramref name="minDrop"/>.
    /// </summary>
    public static IReadOnlyDictionary<int, (double Candidate, double Final, string Label)> Label(
        IReadOnlyList<ExampleLossRow> curve, int candidateStep, IEnumerable<int> indices, double within, double minDrop)
    {
        var finalStep = curve.Max(r => r.Step);
        var candidate = curve.Where(r => r.Step == candidateStep).ToDictionary(r => r.Index, r => r.Loss);
        var final = curve.Where(r => r.Step == finalStep).ToDictionary(r => r.Index, r => r.Loss);
        if (candidate.Count == 0) throw new ArgumentException($"the loss curve has no evaluation at step {candidateStep}.");
        var labels = new Dictionary<int, (double, double, string)>();
        foreach (var i in indices)
        {
            if (!candidate.TryGetValue(i, out var c) || !final.TryGetValue(i, out var z))
                throw new ArgumentException($"the loss curve has no loss for example {i} at step {candidateStep} or {finalStep}.");
            var drop = c - z;
            labels[i] = (c, z, Math.Abs(drop) <= within ? Grokked : drop > minDrop ? Ungrokked : Neither);
        }
        return labels;
    }
}
