using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Centered kernel alignment (Kornblith et al. 2019) between two representations of the same n inputs (rows paired).
/// Computed in float64 on Gram matrices, as the authors' reference code does.
/// </summary>
public static class Cka
{
    /// <summary>Linear CKA: ‖ỸᵀX̃‖²_F / (‖X̃ᵀX̃‖_F ‖ỸᵀỸ‖_F), columns centred.</summary>
    public static double Linear(Tensor x, Tensor y) => FromGrams(x, y, debiased: false);

    /// <summary>
    /// Debiased linear CKA: the unbiased HSIC estimator (diagonals of the Gram matrices zeroed, U-statistic centring).
    /// Less biased toward 1 when n is small next to the width; can be slightly negative. Needs n ≥ 4.
    /// </summary>
    public static double Debiased(Tensor x, Tensor y) => FromGrams(x, y, debiased: true);

    private static double FromGrams(Tensor x, Tensor y, bool debiased)
    {
        Check(x, y, debiased ? 4 : 2);
        using var scope = NewDisposeScope();
        var gx = CentreGram(Gram(x), debiased);
        var gy = CentreGram(Gram(y), debiased);
        var hsic = (gx * gy).sum().ToDouble();
        var norm = gx.pow(2).sum().sqrt().ToDouble() * gy.pow(2).sum().sqrt().ToDouble();
        return norm == 0 ? double.NaN : hsic / norm;
    }

    private static Tensor Gram(Tensor x)
    {
        var f = x.detach().to_type(ScalarType.Float64).flatten(1);
        return f.matmul(f.t());
    }

    private static Tensor CentreGram(Tensor gram, bool unbiased)
    {
        var n = gram.shape[0];
        if (!unbiased)
        {
            var means = gram.mean([0]);
            means = means - means.mean() / 2;
            return gram - means.unsqueeze(1) - means.unsqueeze(0);
        }
        var identity = torch.eye(n, dtype: ScalarType.Float64, device: gram.device);
        var g = gram * (1 - identity);
        var m = g.sum([0]) / (n - 2);
        m = m - m.sum() / (2 * (n - 1));
        return (g - m.unsqueeze(1) - m.unsqueeze(0)) * (1 - identity);
    }

    private static void Check(Tensor x, Tensor y, int minRows)
    {
        if (x.shape[0] != y.shape[0])
            throw new ArgumentException($"CKA needs the same inputs for both representations: {x.shape[0]} rows vs {y.shape[0]}.");
        if (x.shape[0] < minRows)
            throw new ArgumentException($"CKA needs at least {minRows} paired inputs; got {x.shape[0]}.");
    }
}
