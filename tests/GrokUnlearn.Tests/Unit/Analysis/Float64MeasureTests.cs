using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

/// <summary>The gradient measures are computed in float64, equal to an independent float64 computation.</summary>
[Collection(TorchCollection.Name)]
public sealed class Float64MeasureTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Gradient_Cosine_Should_Equal_An_Independent_Float64_Computation()
    {
        // Given: the tiny modular MLP, its forget/retain sets, and the smoke profile's analysis settings.
        using var tiny = new TinyUnlearning();
        var spec = ProfileLoader.Load("smoke", TestProfiles.RepoRoot()).Analyze!;
        using var sample = new AnalysisSample(tiny.Data, tiny.Task, 16, "d", "s", 0);
        var rows = new List<(string Measure, string Layer, double Value)>();
        var context = new MeasureContext(tiny.Task, tiny.Model, tiny.Data, sample, spec, null, null, (m, l, _, v, _) => rows.Add((m, l, v)));

        // When
        new GradientAlignmentGroup().Measure(context);

        // Then: the same cosine from a float64 twin, gradients by autograd, dot products in double.
        using var twin = TinyUnlearning.NewModel();
        twin.to(ScalarType.Float64);
        twin.eval();
        var parameters = twin.parameters().Cast<Tensor>().ToList();
        double[] Gradient(Tensor x, Tensor y) =>
            cat(autograd.grad([nn.functional.cross_entropy(twin.call(x), y)], parameters).Select(g => g.flatten()).ToArray()).data<double>().ToArray();
        var gf = Gradient(tiny.Data.ForgetX, tiny.Data.ForgetY);
        var gr = Gradient(tiny.Data.RetainX, tiny.Data.RetainY);
        var expected = gf.Zip(gr, (a, b) => a * b).Sum() / Math.Sqrt(gf.Sum(a => a * a) * gr.Sum(b => b * b));
        Assert.Equal(expected, rows.Single(r => r.Measure == "grad_cosine" && r.Layer == "all").Value, 12);
        Assert.Equal(Math.Sqrt(gf.Sum(a => a * a)), rows.First(r => r.Measure == "grad_norm").Value, 12);
    }
}
