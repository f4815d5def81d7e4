using GrokUnlearn.Models;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Unlearning.Methods;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Unlearning;

/// <summary>One update of each gradient method equals θ − lr·∇(its loss), with the gradient computed independently.</summary>
[Collection(TorchCollection.Name)]
public sealed class MethodStepTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;
    private const double Lr = 0.05;

    private static void AssertOneSgdStep(string method, Func<ModularMlp, TinyUnlearning, Tensor> independentLoss,
        params (string, double)[] options)
    {
        // Given: a fresh model and a second, identical one for the independent computation.
        using var tiny = new TinyUnlearning();
        using var reference = TinyUnlearning.NewModel();
        var before = TinyUnlearning.Flat(tiny.Model);
        Assert.Equal(before, TinyUnlearning.Flat(reference));
        reference.train();
        var gradient = TinyUnlearning.Gradient(reference, m => independentLoss(m, tiny));

        // When: the method takes one plain SGD step.
        var recorded = new List<int>();
        MethodRegistry.Find(method)!.Run(tiny.Context(TinyUnlearning.Sgd(method, Lr, 1, options), recorded: recorded));

        // Then
        var after = TinyUnlearning.Flat(tiny.Model);
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(before[i] - Lr * gradient[i], after[i], 5);
        Assert.Equal([1], recorded);
        Assert.NotEqual(before, after);
    }

    private static Tensor Ce(ModularMlp m, Tensor x, Tensor y) => nn.functional.cross_entropy(m.call(x), y);

    [Fact]
    public void GA_Should_Step_Up_The_Forget_Loss() =>
        AssertOneSgdStep("GA", (m, t) => -Ce(m, t.Data.ForgetX, t.Data.ForgetY));

    [Fact]
    public void FT_Should_Step_Down_The_Retain_Loss() =>
        AssertOneSgdStep("FT", (m, t) => Ce(m, t.Data.RetainX, t.Data.RetainY));

    [Fact]
    public void NegGradPlus_Should_Weigh_Retain_Descent_And_Forget_Ascent() =>
        AssertOneSgdStep("NegGradPlus",
            (m, t) => 0.7 * Ce(m, t.Data.RetainX, t.Data.RetainY) - 0.3 * Ce(m, t.Data.ForgetX, t.Data.ForgetY), ("alpha", 0.7));

    [Fact]
    public void L1Sparse_Should_Add_Alpha_Times_The_L1_Norm_On_The_First_Step() =>
        AssertOneSgdStep("L1Sparse",
            (m, t) => Ce(m, t.Data.RetainX, t.Data.RetainY) + 0.01 * m.parameters().Select(p => p.abs().sum()).Aggregate((a, b) => a + b),
            ("alpha", 0.01));

    [Fact]
    public void RL_Should_Use_Labels_Drawn_From_The_Context_Generator()
    {
        // The same seed gives the same draw: randint over all 7 classes, true labels allowed.
        using var g = new Generator(7);
        using var probe = new TinyUnlearning();
        var labels = randint(0, TinyUnlearning.P, probe.Data.ForgetY.shape, dtype: ScalarType.Int64, generator: g);
        Assert.True(labels.max().item<long>() < TinyUnlearning.P);
        AssertOneSgdStep("RL", (m, t) => Ce(m, t.Data.ForgetX, labels) + Ce(m, t.Data.RetainX, t.Data.RetainY));
    }

    [Fact]
    public void L1Sparse_Gamma_Should_Decay_Linearly_To_Alpha_Over_T_At_The_Last_Step()
    {
        Assert.Equal(0.2, L1Sparse.Gamma(0.2, 1, 10), 12);
        Assert.Equal(0.1, L1Sparse.Gamma(0.2, 6, 10), 12);
        Assert.Equal(0.02, L1Sparse.Gamma(0.2, 10, 10), 12);
    }
}
