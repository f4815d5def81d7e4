using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Losses shared by several methods. KL reductions differ between the anchor repositories, so each use names its own:
/// SCRUB divides the summed KL by the batch size and multiplies by T²; Bad Teacher uses PyTorch's default
/// element-wise mean (divides by batch × classes).
/// </summary>
public static class Losses
{
    public enum KlReduction
    {
        /// <summary>Σ KL / B · T² (SCRUB's DistillKL).</summary>
        BatchMeanTimesTemperatureSquared,
        /// <summary>Σ KL / (B · C) (PyTorch's KLDivLoss default "mean", as Bad Teacher calls it).</summary>
        ElementMean,
    }

    /// <summary>KL(target ‖ student) with both distributions at temperature <paramref name="temperature"/>.</summary>
    public static Tensor KlDivergence(Tensor targetLogits, Tensor studentLogits, double temperature, KlReduction reduction)
    {
        var logTarget = nn.functional.log_softmax(targetLogits / temperature, 1);
        var logStudent = nn.functional.log_softmax(studentLogits / temperature, 1);
        var total = (logTarget.exp() * (logTarget - logStudent)).sum();
        var (batch, classes) = (studentLogits.shape[0], studentLogits.shape[1]);
        return reduction == KlReduction.ElementMean
            ? total / (batch * classes)
            : total / batch * (temperature * temperature);
    }
}
