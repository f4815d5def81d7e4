using GrokUnlearn.Analysis;
using GrokUnlearn.Tests.Fixtures;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

[Collection(TorchCollection.Name)]
public sealed class GradientAlignmentTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Aggregate_Cosine_Should_Match_A_Manual_Computation_Over_Flattened_Gradients()
    {
        using var tiny = new TinyUnlearning();
        var d = tiny.Data;
        var gf = TinyUnlearning.Gradient(tiny.Model, m => nn.functional.cross_entropy(m.call(d.ForgetX), d.ForgetY));
        var gr = TinyUnlearning.Gradient(tiny.Model, m => nn.functional.cross_entropy(m.call(d.RetainX), d.RetainY));
        var expected = Cos(gf, gr);

        var forget = GradientAlignment.Gradient(tiny.Model, d.ForgetX, d.ForgetY);
        var retain = GradientAlignment.Gradient(tiny.Model, d.RetainX, d.RetainY);

        Assert.Equal(expected, GradientAlignment.Cosine(forget, retain), 5);
        Assert.Equal(1.0, GradientAlignment.Cosine(forget, forget), 10);
        Assert.Equal(Math.Acos(expected) * 180 / Math.PI, GradientAlignment.Degrees(GradientAlignment.Cosine(forget, retain)), 3);
    }

    [Fact]
    public void Layers_Should_Group_Parameters_By_Module()
    {
        var groups = GradientAlignment.Layers(["embed.weight", "hidden.0.weight", "hidden.0.bias", "head.weight", "head.bias"])
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["embed"] = 1, ["hidden.0"] = 2, ["head"] = 2 }, groups);
    }

    [Fact]
    public void Pairwise_Mean_Should_Average_Cosines_Of_Per_Example_Gradients()
    {
        using var tiny = new TinyUnlearning();
        var d = tiny.Data;
        var fx = d.ForgetX.narrow(0, 0, 2);
        var fy = d.ForgetY.narrow(0, 0, 2);
        var rx = d.RetainX.narrow(0, 0, 3);
        var ry = d.RetainY.narrow(0, 0, 3);
        var sum = 0.0;
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
            {
                var (i1, j1) = (i, j);
                var gi = TinyUnlearning.Gradient(tiny.Model, m => nn.functional.cross_entropy(m.call(fx.narrow(0, i1, 1)), fy.narrow(0, i1, 1)));
                var gj = TinyUnlearning.Gradient(tiny.Model, m => nn.functional.cross_entropy(m.call(rx.narrow(0, j1, 1)), ry.narrow(0, j1, 1)));
                sum += Cos(gi, gj);
            }

        Assert.Equal(sum / 6, GradientAlignment.PairwiseMean(tiny.Model, fx, fy, rx, ry), 5);
    }

    private static double Cos(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
