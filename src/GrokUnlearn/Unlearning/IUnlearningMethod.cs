using GrokUnlearn.Tasks;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// An unlearning algorithm. Gradient methods derive from <see cref="GradientMethod"/> and only define their loss on a
/// forget batch and a retain batch; one-shot methods (SSD, Fisher) and methods with their own schedule (SCRUB) implement
/// <see cref="Run"/> directly. The stable <see cref="Name"/> is the YAML key, the Parquet <c>method</c> value and the
/// report label; <see cref="Tasks"/> says which task kinds it is defined for.
/// </summary>
public interface IUnlearningMethod
{
    string Name { get; }

    /// <summary>One line for the report and --help: what the method does.</summary>
    string Description { get; }

    IReadOnlyList<MethodOption> Options { get; }

    /// <summary>The task kinds this method is defined for (a profile asking it for another kind is a config error).</summary>
    IReadOnlySet<TaskKind> Tasks { get; }

    /// <summary>Whether the method steps an optimizer (lr, steps apply, so a learning-rate grid makes sense); false for one-shot edits.</summary>
    bool UsesOptimizer => true;

    /// <summary>Applies the method to <see cref="UnlearningContext.Model"/>, calling <see cref="UnlearningContext.Record"/> as it goes.</summary>
    void Run(UnlearningContext context);
}
