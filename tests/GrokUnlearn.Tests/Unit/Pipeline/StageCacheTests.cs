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
    public async Task Should_Leave_A_Cell_Another_Process_Holds_And_Name_The_Holder()
    {
        // Before the lock, two `train` processes on one cell both trained from scratch and the second crashed when the
        // first removed work/. The holder here is this process through a second open file (flock conflicts between them).
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(TestProfiles.Tiny(tmp.Path), store, "t");
        await new DataStage(_ => { }).RunAsync(plan, false, _ => true);
        var (held, _) = CellLock.TryAcquire(plan.Train[0]);
        Assert.NotNull(held);
        var log = new List<string>();

        // Without waiting (the CLI waits, which a test holding the lock in-process cannot).
        StageRunner.LockWait = TimeSpan.Zero;
        StageInputException ex;
        try
        {
            ex = await Assert.ThrowsAsync<StageInputException>(() => new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None));
        }
        finally
        {
            StageRunner.LockWait = Timeout.InfiniteTimeSpan;
        }

        Assert.Contains($"{plan.Train[0].Id} (held by PID {Environment.ProcessId}", ex.Message);
        Assert.True((await plan.Train[1].CheckAsync()).Fresh);   // the other cell still ran
        Assert.False((await plan.Train[0].CheckAsync()).Fresh);
        held!.Dispose();
        Assert.Equal(1, await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None));
        Assert.True((await plan.Train[0].CheckAsync()).Fresh);
    }

    [Fact]
    public async Task Should_Wait_For_A_Held_Cell_And_Skip_It_Once_The_Holder_Has_Finished_It()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(TestProfiles.Tiny(tmp.Path), store, "t");
        await new DataStage(_ => { }).RunAsync(plan, false, _ => true);
        var cell = plan.Train[0];
        var (held, _) = CellLock.TryAcquire(cell);
        var log = new List<string>();

        // The holder finishes the cell while the second run waits; the second run then finds it fresh and skips it.
        var second = new TrainStage(log.Add).RunAsync(plan, false, c => c == cell, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(second.IsCompleted);
        await new GrokUnlearn.Training.Trainer(_ => { }).RunAsync(cell.Job, await DataStage.ReadPairsAsync(cell.Data));
        held!.Dispose();
        Assert.Equal(0, await second);
        Assert.Contains(log, l => l.Contains("waiting for it", StringComparison.Ordinal));
        Assert.True((await cell.CheckAsync()).Fresh);
    }

    [Fact]
    public void Should_Delete_Only_Temp_Files_Whose_Writer_Is_Gone()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var dir = Directory.CreateDirectory(Path.Combine(store.Root, "train", "x")).FullName;
        // PID 1 is always alive; int.MaxValue never is; ours is this process's own leftover.
        string[] alive = [Path.Combine(dir, "curve.parquet.1.tmp")];
        string[] gone = [Path.Combine(dir, $"curve.parquet.{int.MaxValue}.tmp"), Path.Combine(dir, $".model.{Environment.ProcessId}.tmp.safetensors")];
        foreach (var f in alive.Concat(gone)) File.WriteAllText(f, "");

        Assert.Equal(2, store.DeleteStaleTempFiles());

        Assert.All(alive, f => Assert.True(File.Exists(f)));
        Assert.All(gone, f => Assert.False(File.Exists(f)));
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
