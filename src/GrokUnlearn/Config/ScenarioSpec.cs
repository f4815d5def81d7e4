namespace GrokUnlearn.Config;

/// <summary>How a forget set is drawn from a dataset's training split (the paper's scenarios; TOFU's author splits).</summary>
public enum ScenarioKind
{
    /// <summary>All training pairs whose answer c is one of <see cref="ScenarioSpec.Classes"/> (full-class).</summary>
    Class,
    /// <summary>A fraction of the training pairs of each listed answer class (the paper's main scenario).</summary>
    PartialClass,
    /// <summary>A fraction of all training pairs, drawn uniformly.</summary>
    Random,
    /// <summary>A language knowledge base's TOFU split: every trained question of the authors of forget level round(100 × fraction) (forget01/05/10).</summary>
    Authors,
}

/// <summary>A forgetting scenario. The forget/retain partition it yields is persisted once and shared by every method.</summary>
public sealed record ScenarioSpec(string Name, ScenarioKind Kind, IReadOnlyList<int> Classes, double Fraction, int Seed)
{
    public static string KindName(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Class => "class",
        ScenarioKind.PartialClass => "partial-class",
        ScenarioKind.Authors => "authors",
        _ => "random",
    };

    /// <summary>A TOFU forget split (forget01 / forget05 / forget10) as a scenario of kind authors.</summary>
    public static ScenarioSpec Tofu(string split) =>
        new(split, ScenarioKind.Authors, [], int.Parse(split["forget".Length..], System.Globalization.CultureInfo.InvariantCulture) / 100.0, 0);

    /// <summary>The forget level in percent of a kind-authors scenario: forget05 → 5.</summary>
    public int Percent => (int)Math.Round(Fraction * 100);

    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName(Kind),
        ["classes"] = Classes.ToArray(),
        ["fraction"] = Fraction,
        ["seed"] = Seed,
    };
}
