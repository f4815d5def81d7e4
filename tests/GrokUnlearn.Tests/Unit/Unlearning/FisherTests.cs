using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning.Methods;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Unlearning;

[Collection(TorchCollection.Name)]
public sealed class FisherTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Diagonal_Should_Weight_Each_Class_Gradient_Squared_By_The_Models_Probability()
    {
        // Given: the first 6 retain pairs, and an independent per-sample, per-class computation.
        using var tiny = new TinyUnlearning();
        using var reference = TinyUnlearning.NewModel();
        reference.eval();
        var x = tiny.Data.RetainX.narrow(0, 0, 6);
        var expected = new double[TinyUnlearning.Flat(reference).Length];
        for (var i = 0; i < 6; i++)
        {
            var xi = x.narrow(0, i, 1);
            float[] probs;
            using (no_grad()) probs = nn.functional.softmax(reference.call(xi), 1)[0].data<float>().ToArray();
            for (var k = 0; k < TinyUnlearning.P; k++)
            {
                var g = TinyUnlearning.Gradient(reference, m => nn.functional.cross_entropy(m.call(xi), tensor(new long[] { k })));
                for (var j = 0; j < g.Length; j++) expected[j] += probs[k] * g[j] * g[j] / 6.0;
            }
        }

        // When
        using var context = tiny.Context(TinyUnlearning.Sgd("Fisher", 0, 1));
        var fisher = Fisher.Diagonal(context, x, tiny.Data.RetainY.narrow(0, 0, 6));

        // Then
        var actual = cat(fisher.Select(f => f.flatten()).ToArray()).data<float>().ToArray();
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 5);
        Assert.Contains(actual, v => v > 1e-4);
    }

    [Fact]
    public void Variance_Should_Follow_The_Per_Tensor_Rules()
    {
        // 2-D: 1/F, × alpha, then one value per row (mean over dim 1).
        using var f2 = tensor(new float[] { 1, 3, 0.5f, 0.5f }).reshape(2, 2);
        Close([4f / 3, 4f / 3, 4, 4], Fisher.Variance(f2, 2, false, false));
        // 1-D and classifier tensors get 10×.
        using var f1 = tensor(new float[] { 0.5f });
        Close([40], Fisher.Variance(f1, 2, false, false));
        Close([40f / 3, 40f / 3, 40, 40], Fisher.Variance(f2, 2, false, true));
        // A zero Fisher is clamped: 1e3 in general, 1e2 when the first dimension is the number of classes.
        using var f0 = tensor(new float[] { 0 });
        Close([10_000], Fisher.Variance(f0, 1, false, false));
        Close([1_000], Fisher.Variance(f0, 1, true, false));
    }

    private static void Close(float[] expected, Tensor actual)
    {
        var values = actual.data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++) Assert.Equal(expected[i], values[i], 0.5e-3f * Math.Max(1, Math.Abs(expected[i])));
    }
}
