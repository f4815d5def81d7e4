using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// A group of mechanism measures computed (and timed) together. A group says which tasks and models it applies to; where
/// it does not, the analysis records each of its <see cref="Measures"/> as "n/a" with the reason, never a gap.
/// </summary>
public interface IMeasureGroup
{
    string Name { get; }

    /// <summary>The measure names the group writes (the n/a rows use them).</summary>
    IReadOnlyList<string> Measures { get; }

    /// <summary>Null when the group applies; otherwise why not (shown in the report).</summary>
    string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model);

    void Measure(MeasureContext context);
}
