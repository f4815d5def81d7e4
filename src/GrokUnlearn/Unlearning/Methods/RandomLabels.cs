using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// RL (Golatkar 2020; SalUn's base): train on the forget set with labels drawn uniformly from all classes
/// (a drawn label may equal the true one, as in SalUn) plus the retain set with its true labels.
/// Labels are redrawn every update from the context's generator.
/// </summary>
public sealed class RandomLabels : GradientMethod
{
    public override string Name => "RL";
    public override string Description => "random labels on the forget set plus true labels on the retain set";

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) => RandomLabelLoss(c, b);

    /// <summary>CE on the forget batch with freshly drawn uniform labels + CE on the retain batch (also SalUn's loss).</summary>
    public static Tensor RandomLabelLoss(UnlearningContext c, UnlearnBatch b)
    {
        var random = randint(0, c.Classes, b.ForgetY.shape, dtype: ScalarType.Int64, generator: c.Generator).to(b.ForgetY.device);
        return c.Loss(b.ForgetX, random) + c.Loss(b.RetainX, b.RetainY);
    }
}
