using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>
/// A language-model unlearning method (unlearning.md §1b): a loss over one step's forget and retain batches; the
/// shared loop (<see cref="LanguageUnlearnRunner"/>) does backward, the optimizer step and the evaluations. The
/// stable <see cref="Name"/> is the YAML key, the Parquet <c>method</c> value and the report label.
/// </summary>
public interface ILanguageUnlearningMethod
{
    string Name { get; }
    string Description { get; }
    IReadOnlyList<MethodOption> Options { get; }

    /// <summary>True when the loss reads the frozen starting model (KL, NPO, RMU).</summary>
    bool NeedsReference { get; }

    Tensor Loss(LanguageUnlearningContext context, LanguageStepBatch batch);
}
