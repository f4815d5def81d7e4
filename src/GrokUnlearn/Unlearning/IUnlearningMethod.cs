namespace GrokUnlearn.Unlearning;

/// <summary>
/// An unlearning algorithm. Gradient methods derive from <see cref="LossBasedMethod"/> and only define their loss;
/// one-shot methods (SSD) implement <see cref="Run"/> directly. The stable <see cref="Name"/> is the YAML key,
/// the Parquet <c>method</c> value and the report label.
/// </summary>
public interface IUnlearningMethod
{
    string Name { get; }

    /// <summary>One line for the report and --help: what the method does.</summary>
    string Description { get; }

    IReadOnlyList<MethodOption> Options { get; }

    /// <summary>Applies the method to <see cref="UnlearningContext.Model"/>, calling <see cref="UnlearningContext.Record"/> as it goes.</summary>
    void Run(UnlearningContext context);
}
