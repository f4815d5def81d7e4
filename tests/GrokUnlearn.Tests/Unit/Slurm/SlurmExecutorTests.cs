using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Slurm;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Slurm;

/// <summary>Generated sbatch scripts and the dependency chain, against an in-memory Slurm.</summary>
public sealed class SlurmExecutorTests
{
    private const string SlurmSection = """

        slurm:
          partition: gpu
          account: lab42
          throttle: 3
          stages:
            train: { time: "02:00:00", mem: 8G, cpus_per_task: 4, gpus_per_task: 1 }
          extra_options: ["--qos=normal", "--mail-type=FAIL"]
        """;

    private static (RunProfile Profile, PipelinePlan Plan, SlurmExecutor Executor, FakeSlurmClient Client) Create(TempDir tmp, string extra = SlurmSection)
    {
        File.WriteAllText(tmp.File("p.yaml"), TestProfiles.TinyUnlearnYaml() + extra);
        var profile = ProfileLoader.Load(tmp.File("p.yaml"), TestProfiles.RepoRoot());
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(profile, store, "t");
        var client = new FakeSlurmClient();
        return (profile, plan, new SlurmExecutor(profile, store, TestProfiles.RepoRoot(), "/opt/grokunlearn/GrokUnlearn.Cli.dll", client, _ => { }), client);
    }

    [Fact]
    public async Task Should_Write_An_Array_Script_With_The_Profiles_Resources_And_One_Task_Per_Stale_Cell()
    {
        using var tmp = new TempDir();
        var (_, plan, executor, client) = Create(tmp);

        var record = await executor.SubmitAsync("train", "train", await SlurmExecutor.StaleAsync(plan.Train));

        var script = client.Submitted.Single().Script;
        Assert.Equal(plan.Train.Select(c => c.Id), record!.Cells);
        Assert.Contains($"#SBATCH --array=0-{plan.Train.Count - 1}%3\n", script);
        Assert.Contains("#SBATCH --partition=gpu\n", script);
        Assert.Contains("#SBATCH --account=lab42\n", script);
        Assert.Contains("#SBATCH --time=02:00:00\n#SBATCH --mem=8G\n#SBATCH --cpus-per-task=4\n#SBATCH --gpus-per-task=1\n", script);
        Assert.Contains("#SBATCH --qos=normal\n#SBATCH --mail-type=FAIL\n", script);
        Assert.DoesNotContain("--dependency", script);
        Assert.Contains("dotnet '/opt/grokunlearn/GrokUnlearn.Cli.dll' train --profile", script);
        Assert.Contains("--executor local --only-cell \"$cell\"", script);
        // The cell list holds the ids in task order; the script and list are kept for users under artifacts/slurm/.
        var list = File.ReadAllLines(Directory.GetFiles(tmp.File("artifacts/slurm"), "*-train.cells").Single());
        Assert.Equal(record.Cells, list);
        Assert.Equal(script, File.ReadAllText(record.Script));
        Assert.Equal("100_1", record.TaskOf(plan.Train[1].Id));
    }

    [Fact]
    public async Task Should_Chain_Stages_On_Their_Active_Upstream_Jobs_Only()
    {
        using var tmp = new TempDir();
        var (_, plan, executor, client) = Create(tmp);

        var data = await executor.SubmitAsync("data", "data", await SlurmExecutor.StaleAsync(plan.Data.Cast<StageCell>().Concat(plan.Splits)),
            selection: ["--seed", "0"]);
        var train = await executor.SubmitAsync("train", "train", await SlurmExecutor.StaleAsync(plan.Train));
        client.Queue.Remove(data!.JobId); // the data job has finished
        var oracle = await executor.SubmitAsync("oracle", "unlearn", await SlurmExecutor.StaleAsync(plan.Oracles));
        var unlearn = await executor.SubmitAsync("unlearn", "unlearn", await SlurmExecutor.StaleAsync(plan.Unlearn));
        var report = await executor.SubmitAsync("report", "report", await SlurmExecutor.StaleAsync([plan.Report]));

        Assert.False(data.Array);
        // A single job carries the selection; an array task names its cell instead.
        Assert.Contains("--executor local '--seed' '0'\n", client.Submitted[0].Script);
        Assert.Empty(train!.DependsOn.Except([data.JobId]));
        Assert.Equal([data.JobId], train.DependsOn);
        Assert.Empty(oracle!.DependsOn);                             // data finished: nothing to wait for
        Assert.Equal([train.JobId, oracle.JobId], unlearn!.DependsOn);
        Assert.Equal([train.JobId, oracle.JobId, unlearn.JobId], report!.DependsOn);
        Assert.Contains($"#SBATCH --dependency=afterok:{train.JobId}:{oracle.JobId}:{unlearn.JobId}\n#SBATCH --kill-on-invalid-dep=yes\n",
            client.Submitted.Last().Script);
        Assert.Equal(5, executor.Jobs.Read().Count);
    }

    [Fact]
    public async Task The_Labels_Array_Should_Wait_For_Training_And_The_Unlearn_Array_For_The_Labels()
    {
        using var tmp = new TempDir();
        var (_, plan, executor, client) = Create(tmp);

        var train = await executor.SubmitAsync("train", "train", await SlurmExecutor.StaleAsync(plan.Train));
        var oracle = await executor.SubmitAsync("oracle", "unlearn", await SlurmExecutor.StaleAsync(plan.Oracles));
        // Any cells stand in for the Table 2 design's label cells here: the executor only lists their ids.
        var labels = await executor.SubmitAsync("labels", "unlearn", [plan.Oracles[0]]);
        var unlearn = await executor.SubmitAsync("unlearn", "unlearn", await SlurmExecutor.StaleAsync(plan.Unlearn));

        Assert.True(labels!.Array);
        Assert.Equal([train!.JobId], labels.DependsOn);              // a label cell reads a trained run's losses
        Assert.Equal([train.JobId, oracle!.JobId, labels.JobId], unlearn!.DependsOn);
        Assert.Contains("the local-grokking labels stage (the paper's Table 2 design)", client.Submitted[2].Script);
    }

    [Fact]
    public async Task Should_Submit_Nothing_When_Every_Cell_Is_Fresh()
    {
        using var tmp = new TempDir();
        var (_, _, executor, client) = Create(tmp);

        Assert.Null(await executor.SubmitAsync("analyze", "analyze", []));
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task Cell_Status_Should_Combine_The_Cache_The_Queue_And_Ended_Jobs()
    {
        using var tmp = new TempDir();
        var (_, plan, executor, client) = Create(tmp);
        var record = await executor.SubmitAsync("train", "train", await SlurmExecutor.StaleAsync(plan.Train));
        var ids = record!.Cells;
        client.Queue.Remove(record.JobId);
        client.Queue[$"{record.JobId}_0"] = "RUNNING";
        client.Ended[$"{record.JobId}_1"] = "CANCELLED";
        var queue = await client.QueueAsync();

        Assert.Equal("done", await SlurmCellStatus.DescribeAsync(ids[0], fresh: true, executor.Jobs, queue, client));
        Assert.Equal("running (100_0)", await SlurmCellStatus.DescribeAsync(ids[0], false, executor.Jobs, queue, client));
        Assert.Equal("failed: job 100_1 CANCELLED", await SlurmCellStatus.DescribeAsync(ids[1], false, executor.Jobs, queue, client));
        client.Queue[$"{record.JobId}_1"] = "PENDING";
        Assert.Equal("queued (100_1)", await SlurmCellStatus.DescribeAsync(ids[1], false, executor.Jobs, await client.QueueAsync(), client));
        Assert.Equal("not submitted", await SlurmCellStatus.DescribeAsync("nope", false, executor.Jobs, queue, client));
    }

    [Theory]
    [InlineData("slurm:\n  stages:\n    training: { time: \"01:00:00\" }", "unknown stage 'training'; allowed: data, train, oracle, labels, unlearn, analyze, report")]
    [InlineData("slurm:\n  stages:\n    train: { time: \"2 hours\" }", "'2 hours' is not a Slurm time")]
    [InlineData("slurm:\n  stages:\n    train: { mem: \"lots\" }", "'lots' is not a Slurm memory size")]
    [InlineData("slurm:\n  extra_options: [\"-p debug\"]", "'-p debug' is not an sbatch long option")]
    public void Should_Reject_A_Bad_Slurm_Section_With_The_Allowed_Values(string section, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Parse(TestProfiles.TinyUnlearnYaml() + "\n" + section, "/p.yaml"));

        Assert.Contains(message, ex.Message);
        Assert.Contains("slurm", ex.Message);
    }
}
