using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Training;

[Collection(TorchCollection.Name)]
public sealed class RecipeTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static readonly RecipeSpec Cosine = new("r", 0.1, 0.9, 0.98, 1e-8, 5e-4, 10, 110, 10, 10, 0,
        Optimizer: RecipeSpec.Sgd, Momentum: 0.9, Schedule: RecipeSpec.Cosine, BatchSize: 4);

    [Fact]
    public void Learning_Rate_Should_Warm_Up_Linearly_Then_Follow_The_Cosine()
    {
        Assert.Equal(0.01, Cosine.LearningRate(1), 12);
        Assert.Equal(0.1, Cosine.LearningRate(10), 12);
        Assert.Equal(0.05, Cosine.LearningRate(60), 12);                                  // half-way: 0.1 · ½(1 + cos π/2)
        Assert.Equal(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), Cosine.LearningRate(35), 12);
        Assert.Equal(0.0, Cosine.LearningRate(110), 12);
        Assert.Equal(0.1, (Cosine with { Schedule = RecipeSpec.Constant }).LearningRate(100), 12);
    }

    [Fact]
    public void Default_Options_Should_Stay_Out_Of_The_Fingerprint()
    {
        var plain = new RecipeSpec("r", 0.01, 0.9, 0.98, 1e-8, 1, 10, 100, 10, 40, 0);

        Assert.Equal(["beta1", "beta2", "checkpoint_every", "eps", "eval_every", "lr", "max_steps", "optimizer", "stop_after_grok_evals", "warmup_steps", "weight_decay"],
            plain.Parameters().Keys);
        Assert.Contains("momentum", Cosine.Parameters().Keys);
        Assert.Contains("schedule", Cosine.Parameters().Keys);
        Assert.DoesNotContain("beta1", Cosine.Parameters().Keys);
    }

    [Fact]
    public void Minibatches_Should_Depend_Only_On_Seed_And_Step()
    {
        using var x = arange(50).to_type(ScalarType.Float32).reshape(50, 1);
        using var y = arange(50);

        var (a, ya) = Trainer.Batch(Cosine, seed: 3, step: 7, x, y);
        var (b, _) = Trainer.Batch(Cosine, seed: 3, step: 7, x, y);
        var (c, _) = Trainer.Batch(Cosine, seed: 3, step: 8, x, y);

        Assert.Equal([4L, 1L], a.shape);
        Assert.True(a.eq(b).all().ToBoolean());
        Assert.False(a.eq(c).all().ToBoolean());
        Assert.True(ya.to_type(ScalarType.Float32).eq(a.squeeze(1)).all().ToBoolean(), "inputs and labels must be drawn together");
        var (full, _) = Trainer.Batch(Cosine with { BatchSize = 0 }, 3, 7, x, y);
        Assert.Same(x, full);
    }

    [Fact]
    public void Grokfast_Should_Add_Lambda_Times_The_Gradient_Ema()
    {
        // Given: one parameter and two gradients g1, g2. By hand: ema1 = g1, g1' = g1 + λ·g1;
        // ema2 = α·g1 + (1 − α)·g2, g2' = g2 + λ·ema2.
        using var model = nn.Sequential(("lin", nn.Linear(2, 1, hasBias: false)));
        using var filter = new GrokfastFilter(model, alpha: 0.8, lambda: 0.5);
        var w = model.parameters().Single();
        float[] g1 = [1f, -2f], g2 = [3f, 4f];

        w.grad = tensor(g1);
        filter.Apply();
        var after1 = w.grad!.data<float>().ToArray();
        w.grad = tensor(g2);
        filter.Apply();
        var after2 = w.grad!.data<float>().ToArray();

        Assert.Equal([1.5f, -3f], after1);
        var ema2 = new[] { 0.8f * 1f + 0.2f * 3f, 0.8f * -2f + 0.2f * 4f };
        Assert.Equal(3f + 0.5f * ema2[0], after2[0], 5);
        Assert.Equal(4f + 0.5f * ema2[1], after2[1], 5);
    }
}
