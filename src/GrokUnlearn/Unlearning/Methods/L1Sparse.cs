using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// ℓ1-sparse (Jia et al. 2023): fine-tune on the retain set with γ_t·‖θ‖₁ over all parameters, where
/// γ_t = alpha·(1 − (t − 1)/T) decays linearly over the T updates.
/// </summary>
public sealed class L1Sparse : GradientMethod
{
    public override string Name => "L1Sparse";
    public override string Description => "fine-tune on the retain set with a linearly decaying l1 penalty on all weights";

    public override IReadOnlyList<MethodOption> Options =>
        [new("alpha", 1e-4, 0, 1, "initial l1 weight; decays linearly to 0 over the updates")];

    public static double Gamma(double alpha, int step, int steps) => alpha * (1 - (double)(step - 1) / steps);

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var l1 = c.Model.parameters().Select(p => p.abs().sum()).Aggregate((a, b) => a + b);
        return c.Loss(b.RetainX, b.RetainY) + Gamma(c.Spec.Option("alpha"), step, c.Spec.Steps) * l1;
    }
}
