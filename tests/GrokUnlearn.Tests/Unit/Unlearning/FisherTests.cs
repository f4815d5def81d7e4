using TorchSharp;
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

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void Class_Step_Should_Zero_The_Forgotten_Classes_Classifier_Rows_With_Variance_1e4_Times_10(double classStep)
    {
        // Given: class 3 forgotten entirely; alpha so small that every other weight barely moves.
        using var tiny = new TinyUnlearning();
        var before = tiny.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var spec = TinyUnlearning.Sgd("Fisher", 0, 1, ("alpha", 1e-12), ("samples", 4.0), ("class_step", classStep));

        // When: the context says the scenario forgets class 3 (a full-class scenario).
        using (var context = new GrokUnlearn.Unlearning.UnlearningContext(tiny.Task, tiny.Model, tiny.Data, spec, new GrokUnlearn.Config.UnlearnSettings(1),
                   7, 0, (_, _) => { }, forgottenClasses: [3]))
            new Fisher().Run(context);

        // Then: head rows 3 (weight and bias) are redrawn around 0 with sd √(1e-4 · 10) ≈ 0.032; everything else stays put.
        var after = tiny.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
        foreach (var (name, p) in after)
        {
            var moved = (p - before[name]).abs();
            if (name.StartsWith("head.", StringComparison.Ordinal) && classStep > 0)
            {
                var row = p[3];
                Assert.True(row.abs().max().ToDouble() < 0.2, $"{name}[3] should be ≈ N(0, 1e-3)");
                Assert.True(row.abs().max().ToDouble() > 1e-4, $"{name}[3] should carry the noise");
                var others = cat([moved[..3], moved[4..]]);
                Assert.True(others.max().ToDouble() < 1e-3, $"{name}: other rows must not move");
            }
            else Assert.True(moved.max().ToDouble() < 1e-3, $"{name} must not move");
        }
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
