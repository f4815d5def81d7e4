using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>GA: maximise the cross-entropy on the forget set (minimise its negative); no retain term.</summary>
public sealed class GradAscent : LossBasedMethod
{
    public override string Name => "GA";
    public override string Description => "gradient ascent on the forget set";

    protected override Tensor Loss(UnlearningContext c, int step) => -CrossEntropy(c, c.Data.ForgetX, c.Data.ForgetY);
}
