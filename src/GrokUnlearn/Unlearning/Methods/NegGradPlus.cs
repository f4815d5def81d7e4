using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>NegGrad+ (Kurmanji et al. 2023): α·CE(retain) − (1 − α)·CE(forget), on each update's forget and retain batches.</summary>
public sealed class NegGradPlus : GradientMethod
{
    public override string Name => "NegGradPlus";
    public override string Description => "descent on the retain set plus ascent on the forget set, weighted by alpha";

    public override IReadOnlyList<MethodOption> Options =>
        [new("alpha", 0.95, 0, 1, "weight of the retain term; 1 − alpha weighs the forget ascent")];

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var alpha = c.Spec.Option("alpha");
        return alpha * c.Loss(b.RetainX, b.RetainY) - (1 - alpha) * c.Loss(b.ForgetX, b.ForgetY);
    }
}
