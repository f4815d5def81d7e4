using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>The whole pipeline on a tiny profile: only stale cells run, and a change reaches only what depends on it.</summary>
[Collection(TorchCollection.Name)]
public sealed class StageCacheTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private sealed record Ran(int Data, int Train, int Report);

    private static async Task<Ran> RunAllAsync(RunProfile profile, ArtifactStore store, List<string> log)
    {
        var templates = ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        var plan = PipelinePlan.Create(profile, store, templates.ContentHash);
        var data = await new DataStage(log.Add).RunAsync(plan, false, _ => true);
        var train = await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        var report = await new ReportStage(log.Add, templates).RunAsync(plan, profile, false);
        return new Ran(data, train, report);
    }

    [Fact]
    public async Task Should_Rerun_Nothing_Then_Only_The_Changed_Cell_And_The_Report()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var log = new List<string>();

        // First run: everything is stale.
        Assert.Equal(new Ran(2, 2, 1), await RunAllAsync(TestProfiles.Tiny(tmp.Path, lr: 0.01), store, log));
        var html = await File.ReadAllTextAsync(Path.Combine(store.ReportDir("tiny"), "index.html"));
        foreach (var fig in new[] { "add11__mlp__quick__seed0-accuracy.svg", "mul11__mlp__slow__seed0-loss.svg" })
        {
            Assert.Contains($"figures/{fig}", html);
            Assert.True(File.Exists(Path.Combine(store.FiguresDir("tiny"), fig)));
        }
        var otherCheckpoints = File.GetLastWriteTimeUtc(store.CheckpointTable("mul11__mlp__slow__seed0"));

        // Second run, nothing changed: nothing runs, and the log says why.
        log.Clear();
        Assert.Equal(new Ran(0, 0, 0), await RunAllAsync(TestProfiles.Tiny(tmp.Path, lr: 0.01), store, log));
        Assert.Contains(log, l => l.Contains("add11__mlp__quick__seed0: up to date", StringComparison.Ordinal));

        // One recipe value changed (used only by add11's run): that cell and the report re-run, the sibling does not.
        log.Clear();
        Assert.Equal(new Ran(0, 1, 1), await RunAllAsync(TestProfiles.Tiny(tmp.Path, lr: 0.02), store, log));
        Assert.Contains(log, l => l.Contains("add11__mlp__quick__seed0: stale: fingerprint changed", StringComparison.Ordinal)
            && l.Contains("parameter recipe.lr 0.01 → 0.02", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("[report] report: stale", StringComparison.Ordinal)
            && l.Contains("input train/add11__mlp__quick__seed0 changed", StringComparison.Ordinal));
        Assert.Equal(otherCheckpoints, File.GetLastWriteTimeUtc(store.CheckpointTable("mul11__mlp__slow__seed0")));
    }

    [Fact]
    public async Task Should_Refuse_To_Train_On_Stale_Data_With_A_Clear_Message()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var profile = TestProfiles.Tiny(tmp.Path);
        var plan = PipelinePlan.Create(profile, store, "t");

        var ex = await Record.ExceptionAsync(() => new TrainStage(_ => { }).RunAsync(plan, false, _ => true, CancellationToken.None));

        var inputError = Assert.IsType<StageInputException>(ex);
        Assert.Contains("needs data/add11", inputError.Message);
        Assert.Contains("--target=Data", inputError.Message);
    }

    [Fact]
    public async Task Should_Treat_An_Unreadable_Lock_Table_As_Stale()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(TestProfiles.Tiny(tmp.Path), store, "t");
        await new DataStage(_ => { }).RunAsync(plan, false, _ => true);
        var cell = plan.Data[0];
        Assert.True((await cell.CheckAsync()).Fresh);

        await File.WriteAllTextAsync(cell.LockTable, "PAR1 truncated");

        var state = await cell.CheckAsync();
        Assert.False(state.Fresh);
        Assert.Contains("unreadable", state.Reason);
    }
}
