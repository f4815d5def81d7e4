using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// How a representation is organised (grokking.md §3.6): class selectivity of units, effective rank and participation
/// ratio of features, overlap of the units the forget and retain sets use, and Fourier sparsity of a modular
/// embedding (a grokked network uses a few frequencies).
/// </summary>
public static class RepresentationStructure
{
    /// <summary>
    /// Class selectivity (Morcos et al. 2018) of non-negative units: SI = (μ_max − μ_rest) / (μ_max + μ_rest) over
    /// class-conditional means. Returns the mean SI of live units, the fraction of live units with SI &gt; 0.5 and the
    /// fraction of dead units (zero on every input; their SI is undefined).
    /// </summary>
    public static (double MeanSelectivity, double SelectiveFraction, double DeadFraction) ClassSelectivity(Tensor activations, Tensor labels, int classes)
    {
        using var scope = NewDisposeScope();
        var a = activations.detach().to_type(ScalarType.Float64);
        var sums = zeros([classes, a.shape[1]], dtype: ScalarType.Float64, device: a.device).index_add(0, labels, a, 1);
        var counts = bincount(labels, minlength: classes).to_type(ScalarType.Float64);
        var present = counts.gt(0);
        var means = sums[present] / counts[present].unsqueeze(1);            // [classes present, units]
        var max = means.max(dim: 0).values;
        var rest = (means.sum(dim: 0) - max) / (means.shape[0] - 1);
        var live = max.gt(0);
        var liveCount = live.sum().ToInt64();
        var dead = 1 - (double)liveCount / a.shape[1];
        if (liveCount == 0) return (double.NaN, double.NaN, dead);
        var si = ((max - rest) / (max + rest))[live];
        return (si.mean().ToDouble(), si.gt(0.5).to_type(ScalarType.Float64).mean().ToDouble(), dead);
    }

    /// <summary>Effective rank (Roy &amp; Vetterli 2007) of centred features: exp of the entropy of the normalised singular values.</summary>
    public static double EffectiveRank(Tensor features)
    {
        using var scope = NewDisposeScope();
        var s = linalg.svdvals(Centre(features));
        var p = s / s.sum();
        p = p[p.gt(0)];
        return Math.Exp(-(p * p.log()).sum().ToDouble());
    }

    /// <summary>Participation ratio (Σλ)² / Σλ² of the feature covariance eigenvalues.</summary>
    public static double ParticipationRatio(Tensor features)
    {
        using var scope = NewDisposeScope();
        var lambda = linalg.svdvals(Centre(features)).pow(2);
        return lambda.sum().pow(2).ToDouble() / lambda.pow(2).sum().ToDouble();
    }

    /// <summary>
    /// Jaccard overlap of the top-k units by mean activation on two input sets (k = fraction × width): low overlap
    /// means the forget set is served by its own units (a modularity proxy for class unlearning).
    /// </summary>
    public static double TopUnitOverlap(Tensor activationsA, Tensor activationsB, double fraction)
    {
        using var scope = NewDisposeScope();
        var k = Math.Max(1, (int)Math.Round(fraction * activationsA.shape[1]));
        var a = activationsA.mean([0]).topk(k).indexes.cpu().data<long>().ToHashSet();
        var b = activationsB.mean([0]).topk(k).indexes.cpu().data<long>().ToHashSet();
        return (double)a.Intersect(b).Count() / a.Union(b).Count();
    }

    /// <summary>
    /// Fourier inverse participation ratio (Doshi et al.) of each column of <paramref name="weights"/> [p, m] over the p
    /// residues: IPR = Σ_k (|ŵ_k| / ‖ŵ‖)⁴ over the rFFT without the constant term. 1 = a single frequency; 1/(p/2) =
    /// spread over all. Returns the mean over columns.
    /// </summary>
    public static double FourierIpr(Tensor weights)
    {
        using var scope = NewDisposeScope();
        var power = FourierPower(weights);                                    // [freq, m]
        var share = power / power.sum(0, keepdim: true).clamp_min(1e-30);
        return share.pow(2).sum(dim: 0).mean().ToDouble();
    }

    /// <summary>The share of the total (non-constant) Fourier power of <paramref name="weights"/> in its <paramref name="top"/> strongest frequencies.</summary>
    public static double TopFrequencyPower(Tensor weights, int top)
    {
        using var scope = NewDisposeScope();
        var power = FourierPower(weights).sum(1);
        var k = (int)Math.Min(top, power.shape[0]);
        return power.topk(k).values.sum().ToDouble() / power.sum().ToDouble();
    }

    /// <summary>|rFFT|² over the residue axis, constant term dropped: [p/2, m].</summary>
    private static Tensor FourierPower(Tensor weights)
    {
        var spectrum = fft.rfft(weights.detach().to_type(ScalarType.Float64), dim: 0);
        return spectrum.abs().pow(2)[1..];
    }

    private static Tensor Centre(Tensor x)
    {
        var f = x.detach().to_type(ScalarType.Float64);
        return f - f.mean([0], keepdim: true);
    }
}
