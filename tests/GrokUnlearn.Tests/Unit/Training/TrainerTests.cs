using System.Text.Json;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;

namespace GrokUnlearn.Tests.Unit.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests(TorchFixture torch)
{
    // The fixture has loaded libtorch before any test here runs.
    private readonly TorchFixture _torch = torch;

    private static async Task<(TrainOutcome Outcome, TrainCell Cell)> TrainAsync(TempDir tmp, string artifacts, int? abandonAfter = null, int maxSteps = 120)
    {
        var profile = TestProfiles.Tiny(tmp.Path, maxSteps: maxSteps);
        var plan = PipelinePlan.Create(profile, new ArtifactStore(tmp.File(artifacts)), "t");
        var cell = plan.Train.Single(c => c.Id.StartsWith("add11", StringComparison.Ordinal));
        await new DataStage(_ => { }).RunAsync(plan, force: false, c => c == cell.Data);
        var pairs = await DataStage.ReadPairsAsync(cell.Data);
        var outcome = await new Trainer(_ => { }).RunAsync(cell.Job, pairs, abandonAfterStep: abandonAfter);
        return (outcome!, cell);
    }

    private static object[] Numbers(IEnumerable<CurveRow> curve) =>
        curve.Select(r => (object)(r.Step, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.WeightNorm)).ToArray();

    [Fact]
    public async Task Should_Reproduce_The_Same_Curve_And_Checkpoints_For_The_Same_Seed()
    {
        using var tmp = new TempDir();

        var (a, _) = await TrainAsync(tmp, "a");
        var (b, _) = await TrainAsync(tmp, "b");

        Assert.Equal(13, a.Curve.Count); // step 0 plus every 10 steps to 120
        Assert.Equal(Numbers(a.Curve), Numbers(b.Curve));
        Assert.Equal(a.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)), b.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)));
        Assert.True(a.Curve[^1].TrainLoss < a.Curve[0].TrainLoss / 2, "training must reduce the loss: " + string.Join(" ", a.Curve.Select(r => $"{r.Step}:{r.TrainLoss:F3}/{r.TrainAcc:F2}")));
    }

    [Fact]
    public async Task Should_Resume_After_An_Interruption_To_The_Same_Result()
    {
        using var tmp = new TempDir();
        var (uninterrupted, _) = await TrainAsync(tmp, "a");

        // Crash at step 95: the last resume point is step 80 (checkpoint_every 40); steps 81–95 are lost and redone.
        var (abandoned, cell) = await TrainAsync(tmp, "b", abandonAfter: 95);
        Assert.Null(abandoned);
        Assert.False((await cell.CheckAsync()).Fresh);
        Assert.True(File.Exists(Path.Combine(cell.Store.TrainWorkDir(cell.Id), "resume.parquet")));
        var (resumed, _) = await TrainAsync(tmp, "b");

        Assert.Equal(Numbers(uninterrupted.Curve), Numbers(resumed.Curve));
        Assert.Equal(uninterrupted.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)), resumed.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)));
        Assert.False(Directory.Exists(cell.Store.TrainWorkDir(cell.Id)));
        Assert.True((await cell.CheckAsync()).Fresh);
    }

    [Fact]
    public async Task Should_Discard_A_Resume_Point_Whose_Files_Come_From_Different_Steps()
    {
        // A kill between the resume point's renames, written by hand: the step-80 model beside the step-40 table and
        // optimizer state. Before the hashes, the run resumed "from step 40" with step-80 weights and published another run.
        using var tmp = new TempDir();
        var (uninterrupted, _) = await TrainAsync(tmp, "a");
        var (_, later) = await TrainAsync(tmp, "later", abandonAfter: 95);   // resume point at step 80
        var (_, cell) = await TrainAsync(tmp, "b", abandonAfter: 55);        // resume point at step 40
        File.Copy(Path.Combine(later.Store.TrainWorkDir(later.Id), "resume-model.safetensors"),
            Path.Combine(cell.Store.TrainWorkDir(cell.Id), "resume-model.safetensors"), overwrite: true);

        var log = new List<string>();
        var pairs = await DataStage.ReadPairsAsync(cell.Data);
        var resumed = await new Trainer(log.Add).RunAsync(cell.Job, pairs);

        Assert.Equal(Numbers(uninterrupted.Curve), Numbers(resumed!.Curve));
        Assert.Equal(uninterrupted.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)), resumed.Checkpoints.Select(c => (c.Kind, c.Step, c.Sha256)));
        Assert.Contains(log, l => l.Contains("discarding the step-40 resume point: resume-model.safetensors does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_Publish_Checkpoints_As_Safetensors_With_The_Recorded_Keys_And_Hashes()
    {
        using var tmp = new TempDir();
        var (outcome, cell) = await TrainAsync(tmp, "a");

        Assert.Contains(outcome.Checkpoints, c => c.Kind == "final" && c.Step == 120);
        foreach (var row in outcome.Checkpoints)
        {
            var path = Path.Combine(cell.Store.TrainDir(cell.Id), row.File);
            Assert.Equal(row.Sha256, await GrokUnlearn.Data.FileChecksum.Sha256Async(path));
            // Read the safetensors header by hand: u64 little-endian length, then JSON {name: {dtype, shape, data_offsets}}.
            var bytes = await File.ReadAllBytesAsync(path);
            var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
            using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
            var keys = header.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").Order(StringComparer.Ordinal);
            Assert.Equal(row.StateKeys.Split(',').Order(StringComparer.Ordinal), keys);
            Assert.Equal("F32", header.RootElement.GetProperty("embed.weight").GetProperty("dtype").GetString());
            Assert.Equal([11, 8], header.RootElement.GetProperty("embed.weight").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        }
    }

    [Fact]
    public async Task Should_Mark_The_Cell_Stale_When_A_Checkpoint_Is_Modified()
    {
        using var tmp = new TempDir();
        var (outcome, cell) = await TrainAsync(tmp, "a");
        Assert.True((await cell.CheckAsync()).Fresh);

        var file = Path.Combine(cell.Store.TrainDir(cell.Id), outcome.Checkpoints[0].File);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(file, bytes);

        var state = await cell.CheckAsync();
        Assert.False(state.Fresh);
        Assert.Contains("was modified", state.Reason);
    }
}
