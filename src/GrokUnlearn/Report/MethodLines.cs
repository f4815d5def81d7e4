using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>The Methods section: one line per configured method — what it does (its own description) and the values used.</summary>
public static class MethodLines
{
    public static IReadOnlyList<MethodLine> Build(RunProfile profile) =>
    [
        .. Lines("vision", profile.Unlearn),
        .. Lines("language", profile.LanguageUnlearn),
    ];

    private static IEnumerable<MethodLine> Lines(string track, UnlearnSpec? spec)
    {
        if (spec is null) yield break;
        foreach (var group in spec.Methods.GroupBy(m => m.Name))
        {
            var first = group.First(m => m.Primary);
            var method = MethodRegistry.Find(group.Key);
            var values = new List<string>();
            if (method?.UsesOptimizer ?? true)
            {
                var lrs = group.Select(m => MethodSpec.LrText(m.Lr)).ToList();
                values.Add($"{first.Optimizer}, lr {(lrs.Count > 1 ? "grid " + string.Join(" / ", lrs) + " (first: primary)" : lrs[0])}, {first.Steps.ToString(CultureInfo.InvariantCulture)} updates");
                if (first.Momentum != 0) values.Add(F($"momentum {first.Momentum}"));
                if (first.WeightDecay != 0) values.Add(F($"weight decay {first.WeightDecay}"));
            }
            values.AddRange(first.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => F($"{o.Key} {o.Value}")));
            yield return new MethodLine(track, group.Key, method?.Description ?? "", string.Join("; ", values));
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

public sealed record MethodLine(string Track, string Method, string Description, string Values);
