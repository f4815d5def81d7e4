using GrokUnlearn.Unlearning.Methods;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Every unlearning method GrokUnlearn can run, in one explicit list (plus the retrain oracle, which the Unlearn
/// stage trains from scratch with the run's own recipe and is therefore not a method here).
/// </summary>
public static class MethodRegistry
{
    public const string Retrain = "Retrain";

    public static IReadOnlyList<IUnlearningMethod> All { get; } =
        [new FineTune(), new GradAscent(), new NegGradPlus(), new RandomLabels(), new L1Sparse(), new Ssd()];

    public static IUnlearningMethod? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    public static IEnumerable<string> Names => All.Select(m => m.Name);
}
