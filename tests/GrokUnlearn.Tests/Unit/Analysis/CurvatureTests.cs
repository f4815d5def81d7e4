using GrokUnlearn.Analysis;
using GrokUnlearn.Tests.Fixtures;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

[Collection(TorchCollection.Name)]
public sealed class CurvatureTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    // A = Q diag(λ) Qᵀ with known eigenvalues; L(θ) = ½ θᵀAθ + bᵀθ has Hessian A everywhere.
    private static readonly double[] Eigenvalues = [5.0, 2.0, 1.0, 0.5, -0.25, 0.1];

    private static Tensor KnownHessian(Generator g)
    {
        var (q, _) = linalg.qr(randn([6, 6], generator: g, dtype: ScalarType.Float64));
        return q.matmul(diag(tensor(Eigenvalues, dtype: ScalarType.Float64))).matmul(q.t());
    }

    private static (Tensor Loss, Tensor Theta) Quadratic(Tensor a, Generator g)
    {
        var theta = randn([6], generator: g, dtype: ScalarType.Float64).requires_grad_(true);
        var b = randn([6], generator: g, dtype: ScalarType.Float64);
        return (0.5 * theta.matmul(a).matmul(theta) + b.dot(theta), theta);
    }

    [Fact]
    public void Power_Iteration_Should_Recover_The_Top_Eigenvalue_Of_A_Known_Hessian()
    {
        using var g = new Generator(10);
        var a = KnownHessian(g);
        var (loss, theta) = Quadratic(a, g);
        using var curvature = new Curvature(loss, [theta]);

        var (lambda, iterations) = curvature.TopEigenvalue(g, maxIterations: 200, tolerance: 1e-8);

        Assert.Equal(5.0, lambda, 4);
        Assert.InRange(iterations, 2, 200);
    }

    [Fact]
    public void Hvp_Should_Equal_The_Hessian_Times_The_Vector()
    {
        using var g = new Generator(11);
        var a = KnownHessian(g);
        var (loss, theta) = Quadratic(a, g);
        using var curvature = new Curvature(loss, [theta]);
        var v = randn([6], generator: g, dtype: ScalarType.Float64);

        var hv = curvature.Hvp([v])[0];

        var expected = a.matmul(v).data<double>().ToArray();
        var actual = hv.data<double>().ToArray();
        for (var i = 0; i < 6; i++) Assert.Equal(expected[i], actual[i], 10);
    }

    [Fact]
    public void Hutchinson_Mean_Should_Converge_To_The_Trace()
    {
        using var g = new Generator(12);
        var a = KnownHessian(g);
        var (loss, theta) = Quadratic(a, g);
        using var curvature = new Curvature(loss, [theta]);

        // Var(vᵀAv) = 2 Σ_{i≠j} A_ij² for Rademacher v; with 4,000 samples the standard error is < 0.05.
        var (trace, samples) = curvature.HutchinsonTrace(g, maxSamples: 4000, tolerance: 0, minSamples: 4000);

        Assert.Equal(4000, samples);
        Assert.Equal(Eigenvalues.Sum(), trace, 0.15);
    }

    [Fact]
    public void Hvp_On_A_Network_Should_Agree_With_A_Finite_Difference_Of_Gradients()
    {
        // A small tanh network in float64: Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.
        using var g = new Generator(13);
        var w1 = randn([5, 3], generator: g, dtype: ScalarType.Float64).requires_grad_(true);
        var w2 = randn([2, 5], generator: g, dtype: ScalarType.Float64).requires_grad_(true);
        var x = randn([16, 3], generator: g, dtype: ScalarType.Float64);
        var y = randint(0, 2, [16], generator: g);
        Tensor Loss(Tensor a, Tensor b) => nn.functional.cross_entropy(x.matmul(a.t()).tanh().matmul(b.t()), y);
        var v1 = randn([5, 3], generator: g, dtype: ScalarType.Float64);
        var v2 = randn([2, 5], generator: g, dtype: ScalarType.Float64);

        using var curvature = new Curvature(Loss(w1, w2), [w1, w2]);
        var hv = curvature.Hvp([v1, v2]);

        const double eps = 1e-5;
        Tensor[] Grad(double sign)
        {
            var a = (w1.detach() + sign * eps * v1).requires_grad_(true);
            var b = (w2.detach() + sign * eps * v2).requires_grad_(true);
            return [.. autograd.grad([Loss(a, b)], [a, b])];
        }
        var plus = Grad(+1);
        var minus = Grad(-1);
        for (var k = 0; k < 2; k++)
        {
            var expected = ((plus[k] - minus[k]) / (2 * eps)).flatten().data<double>().ToArray();
            var actual = hv[k].flatten().data<double>().ToArray();
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        }
    }

    [Fact]
    public void Hvp_Should_Equal_Differentiating_The_Dot_Product_Bit_For_Bit()
    {
        // The vector-Jacobian form Curvature uses against the textbook (and PyHessian's) ∇⟨∇L, v⟩, in float32, where any
        // change in the order of operations would show.
        using var g = new Generator(7);
        var w1 = (randn([32, 20], generator: g) * 0.3).requires_grad_(true);
        var w2 = (randn([4, 32], generator: g) * 0.3).requires_grad_(true);
        var x = randn([64, 20], generator: g);
        var y = randint(0, 4, [64], generator: g);
        var loss = nn.functional.cross_entropy(x.matmul(w1.t()).relu().matmul(w2.t()), y);
        Tensor[] v = [randn([32, 20], generator: g), randn([4, 32], generator: g)];

        using var curvature = new Curvature(loss, [w1, w2]);
        var hv = curvature.Hvp(v);

        var gradient = autograd.grad([loss], [w1, w2], retain_graph: true, create_graph: true);
        var dot = (gradient[0] * v[0]).sum() + (gradient[1] * v[1]).sum();
        var expected = autograd.grad([dot], [w1, w2], retain_graph: true);
        for (var k = 0; k < 2; k++)
            Assert.Equal(expected[k].flatten().data<float>().ToArray(), hv[k].flatten().data<float>().ToArray());
        Assert.False(hv[0].requires_grad);
    }
}
