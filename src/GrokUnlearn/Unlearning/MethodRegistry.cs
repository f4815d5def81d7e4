using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning.Methods;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Every unlearning method GrokUnlearn can run — classifier and language — in one explicit list, each declaring the task
/// kinds it supports (plus the retrain oracle, which the Unlearn stage trains from scratch with the run's own recipe and
/// is therefore not a method here).
/// </summary>
public static class MethodRegistry
{
    public const string Retrain = "Retrain";

    // Factories, not instances: a method may hold per-run state (SalUn's mask), so every run gets a new one.
    private static readonly Func<IUnlearningMethod>[] Factories =
    [
        () => new FineTune(), () => new GradAscent(), () => new NegGradPlus(), () => new RandomLabels(),
        () => new L1Sparse(), () => new Ssd(), () => new SalUn(), () => new BadTeacher(), () => new Scrub(), () => new Fisher(),
        () => new GradDiff(), () => new KlRetain(), () => new IdkPreference(), () => new Npo(), () => new SimNpo(), () => new Rmu(),
    ];

    public static IReadOnlyList<IUnlearningMethod> All => Factories.Select(f => f()).ToList();

    /// <summary>A new instance of the named method, or null when no method has that name.</summary>
    public static IUnlearningMethod? Create(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>Alias of <see cref="Create"/> for lookups of a method's description and options.</summary>
    public static IUnlearningMethod? Find(string name) => Create(name);

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>The methods defined for a task kind.</summary>
    public static IEnumerable<string> NamesFor(TaskKind kind) => All.Where(m => m.Tasks.Contains(kind)).Select(m => m.Name);
}
