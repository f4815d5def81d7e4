using GrokUnlearn.Config;
using GrokUnlearn.Data;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Draws a scenario's forget set from the training split. Class: every training pair whose answer is a listed
/// class. Partial-class: for each listed class, round(fraction × its training pairs) (at least one), drawn by a
/// System.Random(seed) shuffle. Random: round(fraction × all training pairs) (at least one), drawn the same way.
/// </summary>
public static class ForgetSplit
{
    public static IReadOnlyList<ForgetSplitRow> Select(IReadOnlyList<ModularPairRow> pairs, ScenarioSpec scenario)
    {
        var train = pairs.Where(r => r.Split == "train").OrderBy(r => r.Index).ToList();
        var forget = new HashSet<int>();
        var random = new Random(scenario.Seed);
        switch (scenario.Kind)
        {
            case ScenarioKind.Class:
                forget.UnionWith(train.Where(r => scenario.Classes.Contains(r.C)).Select(r => r.Index));
                break;
            case ScenarioKind.PartialClass:
                foreach (var c in scenario.Classes)
                    forget.UnionWith(Draw(train.Where(r => r.C == c).Select(r => r.Index).ToArray(), scenario.Fraction, random));
                break;
            default:
                forget.UnionWith(Draw(train.Select(r => r.Index).ToArray(), scenario.Fraction, random));
                break;
        }
        return train.Select(r => new ForgetSplitRow { Index = r.Index, C = r.C, Role = forget.Contains(r.Index) ? "forget" : "retain" }).ToList();
    }

    private static IEnumerable<int> Draw(int[] indices, double fraction, Random random)
    {
        if (indices.Length == 0) return [];
        random.Shuffle(indices);
        var count = Math.Clamp((int)Math.Round(fraction * indices.Length, MidpointRounding.AwayFromZero), 1, indices.Length);
        return indices.Take(count);
    }
}
