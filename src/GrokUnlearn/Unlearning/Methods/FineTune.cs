using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>FT: keep training on the retain set only, relying on catastrophic forgetting of the forget set.</summary>
public sealed class FineTune : GradientMethod
{
    public override string Name => "FT";
    public override string Description => "fine-tune on the retain set (cross-entropy)";

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) => c.Loss(b.RetainX, b.RetainY);
}
