using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// RL (Golatkar 2020; SalUn's base): train on the forget set with labels drawn uniformly from all classes
/// (a drawn label may equal the true one, as in SalUn) plus the retain set with its true labels.
/// Labels are redrawn every update from the context's generator.
/// </summary>
public sealed class RandomLabels : LossBasedMethod
{
    public override string Name => "RL";
    public override string Description => "random labels on the forget set plus true labels on the retain set";

    protected override Tensor Loss(UnlearningContext c, int step) => RandomLabelLoss(c);

    /// <summary>CE on the forget set with freshly drawn uniform labels + CE on the retain set (also SalUn's loss).</summary>
    public static Tensor RandomLabelLoss(UnlearningContext c)
    {
        var random = randint(0, c.Classes, c.Data.ForgetY.shape, dtype: ScalarType.Int64, generator: c.Generator);
        return CrossEntropy(c, c.Data.ForgetX, random) + CrossEntropy(c, c.Data.RetainX, c.Data.RetainY);
    }
}
