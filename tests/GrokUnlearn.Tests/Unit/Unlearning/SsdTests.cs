using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Unlearning;

[Collection(TorchCollection.Name)]
public sealed class SsdTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    /// <summary>Importance by hand: per mini-batch, autograd.grad of the batch-mean CE, squared, averaged over batches.</summary>
    private static float[] Importance(GrokUnlearn.Models.ModularMlp model, Tensor x, Tensor y, int batch)
    {
        model.eval();
        var n = (int)x.shape[0];
        float[]? sum = null;
        var count = 0;
        for (var s = 0; s < n; s += batch)
        {
            var len = Math.Min(batch, n - s);
            var g = TinyUnlearning.Gradient(model, m => nn.functional.cross_entropy(m.call(x.narrow(0, s, len)), y.narrow(0, s, len)));
            sum = sum is null ? g.Select(v => v * v).ToArray() : sum.Zip(g, (a, v) => a + v * v).ToArray();
            count++;
        }
        return sum!.Select(v => v / count).ToArray();
    }

    [Fact]
    public void Should_Dampen_Exactly_The_Parameters_Far_More_Important_To_The_Forget_Set()
    {
        // Given
        using var tiny = new TinyUnlearning();
        using var reference = TinyUnlearning.NewModel();
        const int batch = 5;
        const double alpha = 2.0, lambda = 0.5;
        var iForget = Importance(reference, tiny.Data.ForgetX, tiny.Data.ForgetY, batch);
        var iAll = Importance(reference, cat([tiny.Data.RetainX, tiny.Data.ForgetX]), cat([tiny.Data.RetainY, tiny.Data.ForgetY]), batch);
        var before = TinyUnlearning.Flat(tiny.Model);

        // When
        var recorded = new List<int>();
        MethodRegistry.Find("SSD")!.Run(tiny.Context(
            TinyUnlearning.Sgd("SSD", 0, 1, ("alpha", alpha), ("lambda", lambda), ("batch_size", batch)), recorded: recorded));

        // Then
        var after = TinyUnlearning.Flat(tiny.Model);
        var dampened = 0;
        for (var i = 0; i < before.Length; i++)
        {
            var selected = iForget[i] > alpha * iAll[i];
            var expected = selected ? before[i] * Math.Min(lambda * iAll[i] / iForget[i], 1.0) : before[i];
            Assert.Equal(expected, after[i], 4);
            if (selected) dampened++;
        }
        Assert.InRange(dampened, 1, before.Length - 1); // the test must exercise both branches
        Assert.Equal([1], recorded);
    }
}
