using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>The Unlearn stage on the tiny profile: cells, oracles, caching and determinism.</summary>
[Collection(TorchCollection.Name)]
public sealed class UnlearnStageTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static string Yaml(double gaLr) => TestProfiles.TinyYaml() + $$"""

        unlearn:
          checkpoints: [fit, final]
          scenarios:
            class2: { kind: class, classes: [2] }
          methods:
            GA: { optimizer: sgd, lr: {{gaLr.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, steps: 5 }
            SSD: { alpha: 10, lambda: 1 }
        """;

    private static async Task<(PipelinePlan Plan, int Ran)> RunAsync(TempDir tmp, ArtifactStore store, double gaLr, List<string> log)
    {
        File.WriteAllText(tmp.File("u.yaml"), Yaml(gaLr));
        var profile = ProfileLoader.Load(tmp.File("u.yaml"), tmp.Path);
        var plan = PipelinePlan.Create(profile, store, "t");
        await new DataStage(log.Add).RunAsync(plan, false, _ => true);
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        var ran = await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        return (plan, ran);
    }

    [Fact]
    public async Task Should_Run_Oracles_And_Every_Cell_Then_Only_The_Changed_Methods_Cells()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var log = new List<string>();

        // First run: 2 oracles (one per run) + 2 runs × 2 checkpoints × 1 scenario × 2 methods.
        var (plan, ran) = await RunAsync(tmp, store, 0.05, log);
        Assert.Equal(2 + 8, ran);
        var ssd = plan.Unlearn.First(c => c.Method.Name == "SSD");
        var ssdWritten = File.GetLastWriteTimeUtc(ssd.LockTable);
        var results = new List<UnlearnResultRow>();
        foreach (var cell in plan.Unlearn) results.Add((await ParquetTable.ReadAsync<UnlearnResultRow>(cell.LockTable)).Rows.Single());
        var done = results.Where(r => r.Status == "done").ToList();
        Assert.Equal(6, done.Count);
        Assert.All(done, r => Assert.Equal(0.0, r.OracleUa)); // class 2 never seen by the oracle: it cannot answer 2
        Assert.All(done.Where(r => r.Method == "GA"), r => Assert.Equal(5, r.Updates));
        // mul11's slow recipe never fits the training set in 120 steps: its fit cells say so and carry no metrics.
        var skipped = results.Except(done).ToList();
        Assert.All(skipped, r => Assert.Equal(("mul11", "fit"), (r.Dataset, r.Checkpoint)));
        Assert.All(skipped, r => Assert.StartsWith("no fit checkpoint", r.Status));
        Assert.All(skipped, r => Assert.Null(r.Ua));

        // Unchanged: nothing runs.
        Assert.Equal(0, (await RunAsync(tmp, store, 0.05, log)).Ran);

        // One GA hyperparameter changed: the 4 GA cells run again, SSD and the oracles do not.
        log.Clear();
        Assert.Equal(4, (await RunAsync(tmp, store, 0.07, log)).Ran);
        Assert.Equal(ssdWritten, File.GetLastWriteTimeUtc(ssd.LockTable));
        Assert.Contains(log, l => l.Contains("__GA: stale", StringComparison.Ordinal) && l.Contains("parameter method.lr 0.05 → 0.07", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_A_Grid_Point_Should_Run_Only_Its_Cells_With_The_Same_Random_Stream()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var log = new List<string>();
        async Task<(PipelinePlan, int)> Run(string lrs)
        {
            File.WriteAllText(tmp.File("g.yaml"), TestProfiles.TinyYaml() + $$"""

                unlearn:
                  checkpoints: [fit, final]
                  scenarios:
                    half: { kind: random, fraction: 0.5 }
                  methods:
                    RL: { optimizer: sgd, lr: [{{lrs}}], steps: 3 }
                """);
            var plan = PipelinePlan.Create(ProfileLoader.Load(tmp.File("g.yaml"), tmp.Path), store, "t");
            await new DataStage(log.Add).RunAsync(plan, false, _ => true);
            await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
            return (plan, await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None));
        }

        // 2 oracles + 2 runs × 2 checkpoints × 2 points.
        var (first, ran) = await Run("0.05, 0.1");
        Assert.Equal(2 + 8, ran);
        var written = first.Unlearn.ToDictionary(c => c.Id, c => File.GetLastWriteTimeUtc(c.LockTable));

        log.Clear();
        var (second, added) = await Run("0.05, 0.1, 0.02");
        Assert.Equal(4, added);
        Assert.All(first.Unlearn, c => Assert.Equal(written[c.Id], File.GetLastWriteTimeUtc(c.LockTable)));
        Assert.All(log.Where(l => l.Contains("→ running", StringComparison.Ordinal)), l => Assert.Contains("@lr=0.02", l));

        // Each point's result carries its label, and a point equals the method run alone at that lr (same random stream:
        // RL's random labels are drawn from the seed of run × scenario × method, never from the grid point).
        var (alone, _) = await Run("0.05");
        foreach (var cell in alone.Unlearn)
        {
            var single = (await ParquetTable.ReadAsync<UnlearnResultRow>(cell.LockTable)).Rows.Single();
            var point = (await ParquetTable.ReadAsync<UnlearnResultRow>(store.UnlearnResultTable(cell.Id + "@lr=0.05"))).Rows.Single();
            Assert.Equal(("RL", "RL@lr=0.05"), (single.Method, point.Method));
            Assert.Equal((single.Status, single.Ua, single.Ra, single.Ta, single.StepsToTarget), (point.Status, point.Ua, point.Ra, point.Ta, point.StepsToTarget));
            if (single.Status != "done") continue;
            var a = (await ParquetTable.ReadAsync<UnlearnCurveRow>(store.UnlearnCurveTable(cell.Id))).Rows.Select(r => (r.ForgetLoss, r.RetainLoss));
            var b = (await ParquetTable.ReadAsync<UnlearnCurveRow>(store.UnlearnCurveTable(cell.Id + "@lr=0.05"))).Rows.Select(r => (r.ForgetLoss, r.RetainLoss));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public async Task Should_Call_A_Corrupted_Output_Stale_Naming_It_Never_Crash()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var (plan, _) = await RunAsync(tmp, store, 0.05, []);
        var cell = plan.Unlearn.First(c => c.Method.Name == "GA" && c.Checkpoint == "final");
        Assert.True((await cell.CheckAsync()).Fresh);

        // 16 bytes flipped in the unlearned model: before, status said fresh and Analyze used the corrupted weights.
        var model = store.UnlearnedModel(cell.Id);
        var bytes = await File.ReadAllBytesAsync(model);
        for (var i = 0; i < 16; i++) bytes[bytes.Length / 2 + i] ^= 0x5a;
        await File.WriteAllBytesAsync(model, bytes);
        var state = await cell.CheckAsync();
        Assert.False(state.Fresh);
        Assert.Contains($"output {model} was modified", state.Reason);

        // 8 bytes flipped in another cell's result table, at every offset in turn: before, status and unlearn exited with
        // "failed to read column 'schema_version'" and no file named. Now the cell is stale, or — where the flip falls on
        // bytes no value depends on (statistics, padding) — its rows read back exactly as written. Never silently wrong.
        var other = plan.Unlearn.First(c => c.Method.Name == "SSD" && c.Checkpoint == "final");
        var original = await File.ReadAllBytesAsync(other.LockTable);
        var rows = System.Text.Json.JsonSerializer.Serialize((await ParquetTable.ReadAsync<UnlearnResultRow>(other.LockTable)).Rows, Json);
        var stale = 0;
        for (var offset = 0; offset + 8 <= original.Length; offset += 17)
        {
            var flipped = (byte[])original.Clone();
            for (var i = 0; i < 8; i++) flipped[offset + i] ^= 0xa5;
            await File.WriteAllBytesAsync(other.LockTable, flipped);
            var otherState = await other.CheckAsync();
            if (!otherState.Fresh) stale++;
            else Assert.Equal(rows, System.Text.Json.JsonSerializer.Serialize((await ParquetTable.ReadAsync<UnlearnResultRow>(other.LockTable)).Rows, Json));
        }
        Assert.True(stale > original.Length / 17 / 2, $"only {stale} of {original.Length / 17} corrupted copies detected");
        await File.WriteAllBytesAsync(other.LockTable, original);
        Assert.True((await other.CheckAsync()).Fresh);

        // A training curve truncated to 100 bytes: before, status and train aborted with an IOException naming no file.
        var run = plan.Train.First();
        var curve = store.CurveTable(run.Id);
        var head = (await File.ReadAllBytesAsync(curve))[..100];
        await File.WriteAllBytesAsync(curve, head);
        var trainState = await run.CheckAsync();
        Assert.False(trainState.Fresh);
        Assert.Contains("unreadable output of " + run.Id, trainState.Reason);

        // The whole stage re-runs exactly the corrupted cells and leaves them fresh.
        var log = new List<string>();
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(log.Add).RunAsync(plan, false, c => c == cell, CancellationToken.None);
        Assert.True((await run.CheckAsync()).Fresh);
        Assert.True((await cell.CheckAsync()).Fresh);
    }

    [Fact]
    public async Task Should_Redo_Only_The_Cells_A_Killed_Run_Did_Not_Finish()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var (plan, _) = await RunAsync(tmp, store, 0.05, []);
        // A run killed mid-way: one cell's result never written, another left as a half-written temp file.
        var lost = plan.Unlearn[3];
        File.Delete(lost.LockTable);
        File.WriteAllText(lost.LockTable + ".123.tmp", "half");

        var log = new List<string>();
        var (_, ran) = await RunAsync(tmp, store, 0.05, log);

        Assert.Equal(1, ran);
        Assert.Contains(log, l => l.Contains($"{lost.Id}: stale: output result.parquet is missing", StringComparison.Ordinal));
        Assert.True((await lost.CheckAsync()).Fresh);
    }

    [Fact]
    public async Task Should_Give_Identical_Results_For_The_Same_Seed()
    {
        using var tmp = new TempDir();
        var a = new ArtifactStore(tmp.File("a"));
        var b = new ArtifactStore(tmp.File("b"));
        var (planA, _) = await RunAsync(tmp, a, 0.05, []);
        await RunAsync(tmp, b, 0.05, []);

        foreach (var cell in planA.Unlearn)
        {
            var (ra, _) = await ParquetTable.ReadAsync<UnlearnCurveRow>(a.UnlearnCurveTable(cell.Id));
            var (rb, _) = await ParquetTable.ReadAsync<UnlearnCurveRow>(b.UnlearnCurveTable(cell.Id));
            Assert.Equal(ra.Select(r => (r.Updates, r.ForgetAcc, r.RetainAcc, r.TestAcc, r.ForgetLoss)),
                rb.Select(r => (r.Updates, r.ForgetAcc, r.RetainAcc, r.TestAcc, r.ForgetLoss)));
        }
    }

    [Fact]
    public void Should_Reject_A_Scenario_Class_That_The_Dataset_Does_Not_Have()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("u.yaml"), Yaml(0.05).Replace("classes: [2]", "classes: [12]"));
        var profile = ProfileLoader.Load(tmp.File("u.yaml"), tmp.Path);

        var ex = Assert.IsType<ConfigException>(Record.Exception(() => PipelinePlan.Create(profile, new ArtifactStore(tmp.File("a")), "t")));

        Assert.Contains("unlearn.scenarios.class2.classes", ex.Message);
        Assert.Contains("class 12 does not exist in dataset add11 (p = 11)", ex.Message);
    }

    [Fact]
    public void Should_Reject_An_Unknown_Method_With_The_Registered_Names()
    {
        var ex = Assert.IsType<ConfigException>(Record.Exception(() => ProfileLoader.Parse(Yaml(0.05).Replace("SSD:", "Scrubb:"), "/p.yaml")));

        Assert.Contains("unlearn.methods.Scrubb", ex.Message);
        Assert.Contains("allowed values: FT, GA, NegGradPlus, RL, L1Sparse, SSD", ex.Message);
    }
}

public sealed class CellFilterTests
{
    [Fact]
    public void Should_Select_Only_The_Named_Methods_Unlearn_Cells_For_One_Seed()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("u.yaml"), TestProfiles.TinyYaml().Replace("seeds: [0]", "seeds: [0, 1]") + """

            unlearn:
              checkpoints: [pre, grok]
              scenarios:
                c: { kind: class, classes: [2] }
              methods:
                GA: {}
                SCRUB: {}
            """);
        var plan = PipelinePlan.Create(ProfileLoader.Load(tmp.File("u.yaml"), tmp.Path), new ArtifactStore(tmp.File("a")), "t");

        var selected = CellFilter.Create(null, "scrub", 1);

        var unlearn = plan.Unlearn.Where(c => selected(c)).ToList();
        Assert.Equal(2 * 2, unlearn.Count); // 2 runs (add11, mul11) × 2 checkpoints, seed 1, SCRUB only
        Assert.All(unlearn, c => Assert.Equal(("SCRUB", 1), (c.Method.Name, c.Run.Seed)));
        Assert.All(plan.Train.Where(c => selected(c)), t => Assert.Equal(1, t.Seed));
        Assert.True(selected(plan.Report));
        Assert.Equal(plan.Data.Count, plan.Data.Count(c => selected(c)));
    }
}
