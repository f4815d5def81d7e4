using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Training;

[Collection(TorchCollection.Name)]
public sealed class SamTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Sam_Gradient_Should_Be_The_Gradient_At_The_Perturbed_Point_With_Weights_Restored()
    {
        // Given: the tiny model, and by hand: g = ∇L(θ), θ' = θ + ρ g/‖g‖, expected = ∇L(θ').
        using var tiny = new TinyUnlearning();
        var (x, y) = (tiny.Data.RetainX, tiny.Data.RetainY);
        const double rho = 0.3;
        var theta = TinyUnlearning.Flat(tiny.Model);
        var g = TinyUnlearning.Gradient(tiny.Model, m => nn.functional.cross_entropy(m.call(x), y));
        var norm = Math.Sqrt(g.Sum(v => (double)v * v));
        using var shifted = TinyUnlearning.NewModel();
        using (no_grad())
        {
            var offset = 0;
            foreach (var p in shifted.parameters())
            {
                var n = (int)p.numel();
                var values = Enumerable.Range(offset, n).Select(i => (float)(theta[i] + rho * g[i] / norm)).ToArray();
                p.copy_(tensor(values).reshape(p.shape));
                offset += n;
            }
        }
        var expected = TinyUnlearning.Gradient(shifted, m => nn.functional.cross_entropy(m.call(x), y));

        // When
        tiny.Model.zero_grad();
        nn.functional.cross_entropy(tiny.Model.call(x), y).backward();
        Trainer.SharpnessAwareGradient(tiny.Model, () => TorchSharp.torch.nn.functional.cross_entropy(tiny.Model.call(x), y), rho);

        // Then
        var actual = cat(tiny.Model.parameters().Select(p => p.grad!.flatten()).ToArray()).data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        var restored = TinyUnlearning.Flat(tiny.Model); // θ + ε − ε: equal up to float32 rounding
        for (var i = 0; i < theta.Length; i++) Assert.Equal(theta[i], restored[i], 1e-6f);
        Assert.NotEqual(g, actual);
    }

    [Fact]
    public void A_Plain_Recipe_Should_Keep_Its_Fingerprint_Parameters()
    {
        var plain = new RecipeSpec("r", 0.01, 0.9, 0.98, 1e-8, 1, 10, 100, 10, 40, 0);
        Assert.DoesNotContain("sam_rho", plain.Parameters().Keys);
        Assert.Equal(0.05, (plain with { SamRho = 0.05 }).Parameters()["sam_rho"]);
        Assert.Equal("sam-pre", new TrainRunSpec(null!, null!, plain with { SamRho = 0.05 }, [0]).StartLabel("pre"));
    }
}
