namespace GrokUnlearn.Config;

/// <summary>How a forget set is drawn from a dataset's training split (modular analogues of the paper's scenarios).</summary>
public enum ScenarioKind
{
    /// <summary>All training pairs whose answer c is one of <see cref="ScenarioSpec.Classes"/> (full-class).</summary>
    Class,
    /// <summary>A fraction of the training pairs of each listed answer class (the paper's main scenario).</summary>
    PartialClass,
    /// <summary>A fraction of all training pairs, drawn uniformly.</summary>
    Random,
}

/// <summary>A forgetting scenario. The forget/retain partition it yields is persisted once and shared by every method.</summary>
public sealed record ScenarioSpec(string Name, ScenarioKind Kind, IReadOnlyList<int> Classes, double Fraction, int Seed)
{
    public static string KindName(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Class => "class",
        ScenarioKind.PartialClass => "partial-class",
        _ => "random",
    };

    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName(Kind),
        ["classes"] = Classes.ToArray(),
        ["fraction"] = Fraction,
        ["seed"] = Seed,
    };
}
