using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>
/// A cached check does not read outputs again while the cell's folder is exactly as it was when they passed the full
/// check; any touched file, and any file written within the clock's racy window, brings the full check back.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class VerifiedOutputsTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public async Task Should_Trust_A_Record_Only_For_An_Untouched_Folder_Written_Before_The_Racy_Window()
    {
        // Given: one trained run.
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(TestProfiles.Tiny(tmp.Path), store, "t");
        await new DataStage(_ => { }).RunAsync(plan, false, _ => true);
        await new TrainStage(_ => { }).RunAsync(plan, false, _ => true, CancellationToken.None);
        var cell = plan.Train.First();
        var record = VerifiedOutputs.PathFor(cell);

        // Just written: checked in full, and not recorded (a rewrite within the clock's granularity could look the same).
        Assert.True((await cell.CheckAsync()).Fresh);
        Assert.False(File.Exists(record));

        // Written a minute ago: the full check passes and is recorded.
        var files = Directory.GetFiles(store.TrainDir(cell.Id), "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        var aMinuteAgo = DateTime.UtcNow.AddMinutes(-1);
        foreach (var f in files) File.SetLastWriteTimeUtc(f, aMinuteAgo);
        Assert.True((await cell.CheckAsync()).Fresh);
        Assert.True(File.Exists(record));

        // A checkpoint's bytes changed with its size and write time put back (cp -p of a different file): the record
        // holds, so the outputs are not read — the documented limit of a stamp, as with DVC and git.
        var checkpoint = files.First(f => f.EndsWith(".safetensors", StringComparison.Ordinal) && f.Contains("checkpoints", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(checkpoint);
        for (var i = 0; i < 8; i++) bytes[bytes.Length / 2 + i] ^= 0x5a;
        await File.WriteAllBytesAsync(checkpoint, bytes);
        File.SetLastWriteTimeUtc(checkpoint, aMinuteAgo);
        Assert.True((await cell.CheckAsync()).Fresh);

        // The same change as an ordinary write (new write time): the full check runs and finds it.
        File.SetLastWriteTimeUtc(checkpoint, DateTime.UtcNow);
        var state = await cell.CheckAsync();
        Assert.False(state.Fresh);
        Assert.Contains("was modified (hash differs)", state.Reason, StringComparison.Ordinal);

        // A new file in the folder, or a changed fingerprint, also invalidates the record (a full check, which passes).
        for (var i = 0; i < 8; i++) bytes[bytes.Length / 2 + i] ^= 0x5a;   // restored
        await File.WriteAllBytesAsync(checkpoint, bytes);
        foreach (var f in files) File.SetLastWriteTimeUtc(f, aMinuteAgo);
        Assert.True((await cell.CheckAsync()).Fresh);
        var recorded = await File.ReadAllTextAsync(record);
        File.WriteAllText(Path.Combine(store.TrainDir(cell.Id), "notes.txt"), "added by hand");
        File.SetLastWriteTimeUtc(Path.Combine(store.TrainDir(cell.Id), "notes.txt"), aMinuteAgo);
        Assert.False(VerifiedOutputs.Holds(cell));
        var other = PipelinePlan.Create(TestProfiles.Tiny(tmp.Path, lr: 0.02), store, "t").Train.First(c => c.Id == cell.Id);
        File.Delete(Path.Combine(store.TrainDir(cell.Id), "notes.txt"));
        Assert.True(VerifiedOutputs.Holds(cell));
        Assert.False(VerifiedOutputs.Holds(other));
        Assert.Equal(recorded, await File.ReadAllTextAsync(record));
    }
}
