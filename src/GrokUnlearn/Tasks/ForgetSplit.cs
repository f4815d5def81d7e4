using GrokUnlearn.Config;
using GrokUnlearn.Data;

namespace GrokUnlearn.Tasks;

/// <summary>
/// Draws a classifier scenario's forget set from the training rows. Class: every training row whose label is a listed
/// class. Partial-class: for each listed class, round(fraction × its training rows) (at least one), drawn by a
/// System.Random(seed) shuffle. Random: round(fraction × all training rows) (at least one), drawn the same way.
/// </summary>
public static class ForgetSplit
{
    public static IReadOnlyList<ForgetSplitRow> Select(IReadOnlyList<TaskRow> rows, ScenarioSpec scenario)
    {
        var train = rows.Where(r => r.Split == "train").OrderBy(r => r.Index).ToList();
        var forget = new HashSet<int>();
        var random = new Random(scenario.Seed);
        switch (scenario.Kind)
        {
            case ScenarioKind.Class:
                forget.UnionWith(train.Where(r => scenario.Classes.Contains(r.Label)).Select(r => r.Index));
                break;
            case ScenarioKind.PartialClass:
                foreach (var c in scenario.Classes)
                    forget.UnionWith(Draw(train.Where(r => r.Label == c).Select(r => r.Index).ToArray(), scenario.Fraction, random));
                break;
            case ScenarioKind.Random:
                forget.UnionWith(Draw(train.Select(r => r.Index).ToArray(), scenario.Fraction, random));
                break;
            default:
                throw new ArgumentException($"scenario kind {ScenarioSpec.KindName(scenario.Kind)} is not a classifier scenario.");
        }
        return train.Select(r => new ForgetSplitRow { Index = r.Index, C = r.Label, Role = forget.Contains(r.Index) ? "forget" : "retain" }).ToList();
    }

    /// <summary>The same on a modular dataset's pairs (label = the answer c).</summary>
    public static IReadOnlyList<ForgetSplitRow> Select(IReadOnlyList<ModularPairRow> pairs, ScenarioSpec scenario) =>
        Select(pairs.Select(p => new TaskRow(p.Index, p.C, p.Split)).ToList(), scenario);

    private static IEnumerable<int> Draw(int[] indices, double fraction, Random random)
    {
        if (indices.Length == 0) return [];
        random.Shuffle(indices);
        var count = Math.Clamp((int)Math.Round(fraction * indices.Length, MidpointRounding.AwayFromZero), 1, indices.Length);
        return indices.Take(count);
    }
}
