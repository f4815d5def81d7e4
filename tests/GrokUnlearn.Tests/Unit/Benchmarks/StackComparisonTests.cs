using System.Text.Json.Nodes;
using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class StackComparisonTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Should_Report_The_Largest_Relative_Difference_Of_Losses_And_Curvature()
    {
        var expected = JsonNode.Parse("""{"losses":[2.0,1.0],"vhv":4.0,"hv_norm":10.0}""")!.AsObject();
        var actual = JsonNode.Parse("""{"losses":[2.0,1.01],"vhv":3.96,"hv_norm":10.0}""")!.AsObject();

        // |1.01 − 1| / 1 = 0.01 is the largest (|3.96 − 4| / 4 = 0.01 too); a different number of losses never matches.
        Assert.Equal(0.01, StackComparison.ParityDifference(expected, actual), 9);
        Assert.Equal(double.PositiveInfinity, StackComparison.ParityDifference(expected,
            JsonNode.Parse("""{"losses":[2.0],"vhv":4.0,"hv_norm":10.0}""")!.AsObject()));
    }

    [PyTorchFact]
    public void Should_Reproduce_The_Pipelines_Numbers_In_The_PyTorch_Reference()
    {
        // Given: workloads C (CNN, channels-last in TorchSharp, not in PyTorch), D (hand-written transformer, loss on the
        // unmasked half of each sequence) and E (HVP on B's MLP), both stacks as the
        // Benchmark target starts them: the CLI's worker verb and benchmarks/pytorch/worker.py with OpenBLAS.
        using var tmp = new TempDir();
        var root = TestProfiles.RepoRoot();
        var workloads = BenchmarkWorkload.Load(root).Where(w => w.Id is "C" or "D" or "E").ToList();
        var stacks = new[]
        {
            BenchmarkStack.TorchSharpWorker(typeof(GrokUnlearn.Cli.Commands.BenchmarkCommand).Assembly.Location, root),
            BenchmarkStack.PyTorchWorker(BenchmarkStack.PyTorchOpenBlas, "reference", PyTorchFactAttribute.Python,
                Path.Combine(root, "benchmarks", "pytorch", "worker.py"), BenchmarkStack.OpenBlasDir),
        };
        var log = new List<string>();

        // When: one short round each (no speed is asserted).
        var rows = new StackComparison(log.Add, new ComparisonOptions(1, tmp.File("parity"), Rounds: 1, WarmupSteps: 1, SecondsPerRound: 0.05, MatmulSize: 64, MatmulRepeats: 1))
            .Run(workloads, stacks);

        // Then: PyTorch, started from the TorchSharp weights, batch and direction, gives the same losses over 3 AdamW steps
        // and the same v·Hv, ‖Hv‖ (relative 1e-3); every row is measured; ratios are against the reference.
        var reference = rows.Where(r => r.Stack == BenchmarkStack.PyTorchOpenBlas && r.Workload != "peak").ToList();
        Assert.Equal(4, reference.Count); // C step; D step; E step on the HVP batch and HVP
        Assert.All(reference, r => Assert.StartsWith("passed", r.Parity));
        Assert.All(rows, r => Assert.True(r.Status == "measured", $"{r.Workload}/{r.Stack}: {r.Status}"));
        Assert.All(reference, r => Assert.Equal(1.0, r.RatioVsReference, 9));
        Assert.All(rows.Where(r => r.Measure == "hvp"), r => Assert.True(r.CostInSteps > 0));
        Assert.Contains(rows, r => r.Workload == "peak" && r.Stack == BenchmarkStack.TorchSharp && r.Gflops > 0);
        Assert.True(File.Exists(tmp.File("parity/C.safetensors")));
        // Each row records what its stack ran with: OpenMP's wait policy (set or not), and TorchSharp's in-process malloc settings.
        Assert.All(rows, r => Assert.Contains("OMP_WAIT_POLICY", r.Settings));
        Assert.All(rows.Where(r => r.Stack == BenchmarkStack.TorchSharp), r => Assert.Contains("(NativeHeap)", r.Settings));
        Assert.All(rows.Where(r => r.Stack == BenchmarkStack.TorchSharp), r => Assert.Equal("MKL (linked into libtorch_cpu.so)", r.Blas));
    }
}
