using System.Diagnostics;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Slurm;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Integration;

/// <summary>
/// The smoke profile through a real one-node Slurm (tests/slurm/cluster.sh: munged, slurmctld and slurmd on loopback,
/// stopped by their PIDs at the end), compared value for value with a local run; then a cancelled array task is
/// re-submitted alone.
/// </summary>
public sealed class SlurmIntegrationTests
{
    private static readonly string Root = TestProfiles.RepoRoot();
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromMinutes(12);

    private static (int Code, string Stdout, string Stderr) Exec(string file, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static (int Code, string Stdout, string Stderr) Cli(IReadOnlyDictionary<string, string> env, string verb, string artifacts, params string[] extra) =>
        Exec("dotnet", env, [Path.Combine(AppContext.BaseDirectory, "GrokUnlearn.Cli.dll"), verb, "--profile", "smoke", "--root", Root, "--artifacts", artifacts, .. extra]);

    private static void Ok((int Code, string Stdout, string Stderr) result, string what) =>
        Assert.True(result.Code == 0, $"{what} failed (exit {result.Code}):\n{result.Stdout}\n{result.Stderr}");

    private static void WaitForEmptyQueue(IReadOnlyDictionary<string, string> env)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < QueueTimeout)
        {
            var (code, stdout, stderr) = Exec("squeue", env, "-h", "-o", "%i %T %r");
            Assert.True(code == 0, $"squeue failed: {stderr}");
            if (string.IsNullOrWhiteSpace(stdout)) return;
            Thread.Sleep(2000);
        }
        Assert.Fail($"the Slurm queue did not empty within {QueueTimeout}: {Exec("squeue", env).Stdout}");
    }

    private static async Task<List<object>> UnlearnResultsAsync(string artifacts) =>
        [.. (await Task.WhenAll(Directory.GetDirectories(Path.Combine(artifacts, "unlearn")).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "result.parquet")))
            .Select(d => ParquetTable.ReadAsync<UnlearnResultRow>(Path.Combine(d, "result.parquet")))))
            .SelectMany(t => t.Rows)
            .Select(r => (object)(r.Cell, r.Status, r.Updates, r.Ua, r.Ra, r.Ta, r.OracleUa, r.StepsToTarget, r.Mia, r.Ues))];

    private static async Task<List<object>> LanguageResultsAsync(string artifacts) =>
        [.. (await Task.WhenAll(Directory.GetDirectories(Path.Combine(artifacts, "unlearn")).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "lm-result.parquet")))
            .Select(d => ParquetTable.ReadAsync<GrokUnlearn.Language.Unlearning.LanguageResultRow>(Path.Combine(d, "lm-result.parquet")))))
            .SelectMany(t => t.Rows)
            .Select(r => (object)(r.Cell, r.Status, r.ForgetEs, r.RetainEs, r.ModelUtility, r.ForgetQuality, r.StepsToTarget))];

    private static async Task<List<object>> TrainCurvesAsync(string artifacts) =>
        [.. (await Task.WhenAll(Directory.GetDirectories(Path.Combine(artifacts, "train")).Order(StringComparer.Ordinal)
            .Select(d => ParquetTable.ReadAsync<CurveRow>(Path.Combine(d, "curve.parquet")))))
            .SelectMany(t => t.Rows)
            .Select(r => (object)(r.Cell, r.Step, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.WeightNorm))];

    [SlurmFact]
    public async Task Smoke_Seed_Through_Slurm_Should_Equal_The_Local_Run_And_Resubmit_Only_A_Cancelled_Cell()
    {
        using var tmp = new TempDir();
        var clusterDir = tmp.File("cluster");
        var start = Exec("bash", new Dictionary<string, string>(), Path.Combine(Root, "tests", "slurm", "cluster.sh"), "start", clusterDir);
        Assert.True(start.Code == 0, $"the one-node Slurm did not start:\n{start.Stdout}\n{start.Stderr}");
        var env = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(clusterDir, "slurm.conf") };
        // The smoke profile's seed-0 slice (every stage up to analyze; 1 of its 3 seeds), to keep the suite well under
        // 15 minutes on 2 cores; the report needs all seeds, so it is not part of the slice.
        string[] slice = ["--seed", "0"];
        string[] verbs = ["data", "train", "unlearn", "analyze"];
        try
        {
            // Given: the slice queued through Slurm by one command per stage (each returns at once), and one unlearn
            // array task cancelled while it waits.
            var viaSlurm = tmp.File("slurm");
            foreach (var verb in verbs) Ok(Cli(env, verb, viaSlurm, [.. slice, "--executor", "slurm"]), $"{verb} --executor slurm");
            var log = new SlurmJobLog(Path.Combine(viaSlurm, "slurm", "jobs.json"));
            Assert.Equal(["data", "train", "oracle", "unlearn", "analyze"], log.Read().Select(j => j.Stage));
            var unlearn = log.Read().Single(j => j.Stage == "unlearn");
            Assert.Equal(40 + 6, unlearn.Cells.Count); // + the language track's 2 checkpoints × 3 methods
            var victim = unlearn.Cells[^1];
            var scancel = Exec("scancel", env, unlearn.TaskOf(victim)!);
            Assert.True(scancel.Code == 0, $"scancel failed: {scancel.Stderr}");

            // When: Slurm has run every task; the analyze job, whose dependency can no longer be met, is cancelled.
            WaitForEmptyQueue(env);
            var afterCancel = Cli(env, "status", viaSlurm, [.. slice, "--executor", "slurm"]);
            Assert.Contains($"unlearn\t{victim}\tstale", afterCancel.Stdout);
            // A task cancelled before it started leaves no record in Slurm; one cancelled while running shows CANCELLED.
            Assert.Contains($"failed: job {unlearn.TaskOf(victim)} ", afterCancel.Stdout);

            // Then: the next submission holds only the cancelled cell in its unlearn array (and the analyses that never ran).
            var before = log.Read().Count;
            foreach (var verb in verbs) Ok(Cli(env, verb, viaSlurm, [.. slice, "--executor", "slurm"]), $"{verb} --executor slurm again");
            var resubmitted = log.Read().Skip(before).ToList();
            Assert.Equal(["unlearn", "analyze"], resubmitted.Select(j => j.Stage));
            Assert.Equal([victim], resubmitted[0].Cells);
            WaitForEmptyQueue(env);
            var status = Cli(env, "status", viaSlurm, [.. slice, "--executor", "slurm", "--cell", "add31"]);
            Assert.DoesNotContain("\tstale\t", status.Stdout);

            // And: the results equal a local run's, value for value.
            var local = tmp.File("local");
            foreach (var verb in verbs[..3]) Ok(Cli(env, verb, local, slice), $"local {verb}");
            Assert.Equal(await TrainCurvesAsync(local), await TrainCurvesAsync(viaSlurm));
            var results = await UnlearnResultsAsync(local);
            Assert.Equal(40, results.Count);
            Assert.Equal(results, await UnlearnResultsAsync(viaSlurm));
            var language = await LanguageResultsAsync(local);
            Assert.Equal(6, language.Count);
            Assert.Equal(language, await LanguageResultsAsync(viaSlurm));
        }
        finally
        {
            Exec("bash", new Dictionary<string, string>(), Path.Combine(Root, "tests", "slurm", "cluster.sh"), "stop", clusterDir);
        }
    }
}
