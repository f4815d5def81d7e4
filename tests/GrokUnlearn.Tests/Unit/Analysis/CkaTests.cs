using GrokUnlearn.Analysis;
using GrokUnlearn.Tests.Fixtures;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

[Collection(TorchCollection.Name)]
public sealed class CkaTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void A_Representation_Should_Have_Cka_One_With_Itself()
    {
        using var g = new Generator(1);
        using var x = randn([40, 12], generator: g, dtype: ScalarType.Float64);
        Assert.Equal(1.0, Cka.Linear(x, x), 12);
        Assert.Equal(1.0, Cka.Debiased(x, x), 12);
    }

    [Fact]
    public void Cka_Should_Be_Invariant_To_Orthogonal_Transforms_And_Isotropic_Scaling()
    {
        using var g = new Generator(2);
        using var x = randn([30, 8], generator: g, dtype: ScalarType.Float64);
        using var z = randn([30, 5], generator: g, dtype: ScalarType.Float64);
        var (q, _) = linalg.qr(randn([8, 8], generator: g, dtype: ScalarType.Float64));
        using var rotated = x.matmul(q) * 3.7;

        Assert.Equal(1.0, Cka.Linear(x, rotated), 10);
        Assert.Equal(1.0, Cka.Debiased(x, rotated), 10);
        Assert.Equal(Cka.Linear(x, z), Cka.Linear(rotated, z), 10);
        Assert.Equal(Cka.Debiased(x, z), Cka.Debiased(rotated, z), 10);
        Assert.InRange(Cka.Linear(x, z), 0.0, 0.99);
    }

    [Fact]
    public void Linear_Cka_Should_Match_The_Feature_Space_Formula()
    {
        // Independent reference (MathNet): ‖ỸᵀX̃‖²_F / (‖X̃ᵀX̃‖_F ‖ỸᵀỸ‖_F) with columns centred.
        using var g = new Generator(3);
        using var x = randn([25, 6], generator: g, dtype: ScalarType.Float64);
        using var y = (x.matmul(randn([6, 4], generator: g, dtype: ScalarType.Float64)) + randn([25, 4], generator: g, dtype: ScalarType.Float64)).relu();
        var xm = Centre(ToMatrix(x));
        var ym = Centre(ToMatrix(y));
        var expected = Math.Pow((ym.TransposeThisAndMultiply(xm)).FrobeniusNorm(), 2) /
                       (xm.TransposeThisAndMultiply(xm).FrobeniusNorm() * ym.TransposeThisAndMultiply(ym).FrobeniusNorm());

        Assert.Equal(expected, Cka.Linear(x, y), 10);
    }

    [Fact]
    public void Debiased_Cka_Should_Match_The_Unbiased_Hsic_Estimator()
    {
        // Independent reference: Song et al. (2012) unbiased HSIC on Gram matrices with zeroed diagonals,
        // HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3)); CKA = HSIC₁(K,L)/√(HSIC₁(K,K)HSIC₁(L,L)).
        using var g = new Generator(4);
        using var x = randn([12, 20], generator: g, dtype: ScalarType.Float64);
        using var y = x.narrow(1, 0, 7) * 2 + randn([12, 7], generator: g, dtype: ScalarType.Float64);
        var k = GramNoDiagonal(ToMatrix(x));
        var l = GramNoDiagonal(ToMatrix(y));
        var expected = Hsic1(k, l) / Math.Sqrt(Hsic1(k, k) * Hsic1(l, l));

        Assert.Equal(expected, Cka.Debiased(x, y), 9);
        Assert.True(Cka.Debiased(x, y) < Cka.Linear(x, y), "with n = 12 < width, the biased estimate is inflated");
    }

    [Fact]
    public void Unpaired_Inputs_Should_Be_Refused()
    {
        using var x = zeros(5, 3);
        using var y = zeros(6, 3);
        Assert.Contains("same inputs", Assert.Throws<ArgumentException>(() => Cka.Linear(x, y)).Message);
    }

    private static double Hsic1(Matrix<double> k, Matrix<double> l)
    {
        var n = k.RowCount;
        var one = Vector<double>.Build.Dense(n, 1.0);
        var kl = k * l;
        return (kl.Trace() + one * k * one * (one * l * one) / ((n - 1) * (n - 2)) - 2.0 / (n - 2) * (one * kl * one)) / (n * (n - 3));
    }

    private static Matrix<double> GramNoDiagonal(Matrix<double> x)
    {
        var gram = x * x.Transpose();
        for (var i = 0; i < gram.RowCount; i++) gram[i, i] = 0;
        return gram;
    }

    private static Matrix<double> ToMatrix(Tensor t)
    {
        var data = t.contiguous().data<double>().ToArray();
        var (rows, cols) = ((int)t.shape[0], (int)t.shape[1]);
        return Matrix<double>.Build.Dense(rows, cols, (i, j) => data[i * cols + j]);
    }

    private static Matrix<double> Centre(Matrix<double> m)
    {
        var means = m.ColumnSums() / m.RowCount;
        return Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m[i, j] - means[j]);
    }
}
