using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>FT: keep training on the retain set only, relying on catastrophic forgetting of the forget set.</summary>
public sealed class FineTune : LossBasedMethod
{
    public override string Name => "FT";
    public override string Description => "fine-tune on the retain set (cross-entropy)";

    protected override Tensor Loss(UnlearningContext c, int step) => CrossEntropy(c, c.Data.RetainX, c.Data.RetainY);
}
