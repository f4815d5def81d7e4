using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class TrainingThroughputTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Should_Measure_Every_Run_Of_The_Profile_On_Its_Own_Batch()
    {
        // Given: the smoke profile (a modular run, full batch, an image run and a language run, both with batches of 64).
        var profile = ProfileLoader.Load("smoke", TestProfiles.RepoRoot());

        // When: one warm-up step and one round of two timed steps each (no timing is asserted).
        var rows = new TrainingThroughput(_ => { }, warmupSteps: 1, stepsPerRound: 2, rounds: 1).Run(profile);

        // Then: one row per dataset × model × recipe, with the batch, shape and parameter count of that run.
        Assert.Equal(["add31/tiny/quick", "fmnist256/img-mlp/img-quick", "authors20/lm-small/lm-quick"], rows.Select(r => $"{r.Dataset}/{r.Model}/{r.Recipe}"));
        Assert.Equal((round(0.5 * 31 * 31), "2"), (rows[0].Batch, rows[0].InputShape));
        Assert.Equal((64, "1×28×28", 784L * 64 + 64 + 64 * 10 + 10), (rows[1].Batch, rows[1].InputShape, rows[1].Parameters));
        Assert.Equal((64, TransformerKind: "transformer"), (rows[2].Batch, TransformerKind: rows[2].ModelKind));
        Assert.All(rows, r => Assert.True(r.StepsPerSecond > 0 && double.IsFinite(r.MsPerStep)));

        static int round(double x) => (int)Math.Round(x);
    }
}
