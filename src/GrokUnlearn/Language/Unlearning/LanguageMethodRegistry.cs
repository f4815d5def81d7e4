using GrokUnlearn.Language.Unlearning.Methods;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>Every language-model unlearning method, in one explicit list (the grokking paper's six plus SimNPO).</summary>
public static class LanguageMethodRegistry
{
    private static readonly Func<ILanguageUnlearningMethod>[] Factories =
    [
        () => new LanguageGradAscent(), () => new GradDiff(), () => new KlRetain(), () => new IdkPreference(), () => new Npo(),
        () => new SimNpo(), () => new Rmu(),
    ];

    public static IReadOnlyList<ILanguageUnlearningMethod> All => Factories.Select(f => f()).ToList();

    public static ILanguageUnlearningMethod? Create(string name) => All.FirstOrDefault(m => m.Name == name);

    public static IEnumerable<string> Names => All.Select(m => m.Name);
}
