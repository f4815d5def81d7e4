using System.Text.Json;
using GrokUnlearn.Storage;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>
/// The local executor's <c>--jobs N</c> through the CLI, as a user runs it: the results do not depend on N, and a
/// failing cell stops only the cells that need it while the stage exits non-zero naming it.
/// </summary>
public sealed class LocalWorkersTests
{
    private static readonly string[] Stages = ["data", "train", "unlearn"];

    private static (int ExitCode, string Stdout, string Stderr) Stage(string verb, string profile, string artifacts, int jobs) =>
        CliTests.Run(verb, "--profile", profile, "--root", TestProfiles.RepoRoot(), "--artifacts", artifacts, "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Jobs_1_And_Jobs_2_Should_Give_Identical_Results()
    {
        // Given: the tiny profile (2 runs, 2 oracles, 4 unlearning cells; one thread per cell).
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("t.yaml"), TestProfiles.TinyUnlearnYaml());
        var outputs = new Dictionary<int, string>();
        foreach (var jobs in new[] { 1, 2 })
        {
            var artifacts = tmp.File($"a{jobs}");
            foreach (var verb in Stages)
            {
                var (code, stdout, stderr) = Stage(verb, tmp.File("t.yaml"), artifacts, jobs);
                Assert.True(code == 0, $"{verb} --jobs {jobs}: {stdout}\n{stderr}");
                outputs[jobs] = stdout;
            }
        }
        // The two-job run did use two workers, which shared the cells.
        Assert.Contains("[jobs] 2 worker processes", outputs[2], StringComparison.Ordinal);
        Assert.Contains("[j1] ", outputs[2], StringComparison.Ordinal);
        Assert.Contains("[j2] ", outputs[2], StringComparison.Ordinal);
        Assert.DoesNotContain("[jobs]", outputs[1], StringComparison.Ordinal);

        // Then: every model file is byte-identical, and every result row is the same apart from its wall-clock seconds.
        var one = tmp.File("a1");
        var models = Directory.GetFiles(one, "*.safetensors", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one, f)).Order().ToList();
        Assert.True(models.Count >= 8, $"{models.Count} model files");
        Assert.Equal(models, Directory.GetFiles(tmp.File("a2"), "*.safetensors", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tmp.File("a2"), f)).Order());
        foreach (var m in models)
            Assert.True(File.ReadAllBytes(Path.Combine(one, m)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(tmp.File("a2"), m))), m);
        var results = Directory.GetFiles(one, "result.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one, f)).Order().ToList();
        Assert.Equal(4, results.Count);
        foreach (var r in results)
            Assert.Equal(await ResultJsonAsync(Path.Combine(one, r)), await ResultJsonAsync(Path.Combine(tmp.File("a2"), r)));

        // Forced with two workers, every cell (2 oracles, 4 method cells) runs exactly once.
        var forced = CliTests.Run("unlearn", "--profile", tmp.File("t.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", tmp.File("a2"), "--jobs", "2", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(6, forced.Stdout.Split('\n').Count(l => l.Contains("forced → running", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_Failing_Cell_Should_Stop_Its_Dependants_Only_And_The_Stage_Should_Name_It()
    {
        // Given: both runs trained, then one run's checkpoint corrupted, so its unlearning cells cannot start.
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("t.yaml"), TestProfiles.TinyUnlearnYaml());
        var artifacts = tmp.File("a");
        foreach (var verb in new[] { "data", "train" })
            Assert.Equal(0, Stage(verb, tmp.File("t.yaml"), artifacts, 2).ExitCode);
        var broken = Directory.GetFiles(Path.Combine(artifacts, "train", "mul11__mlp__slow__seed0"), "*.safetensors", SearchOption.AllDirectories).First();
        File.WriteAllText(broken, "not a checkpoint");

        // When
        var (code, stdout, stderr) = Stage("unlearn", tmp.File("t.yaml"), artifacts, 2);

        // Then: the stage fails naming both of mul11's cells; add11's cells and both oracles finished.
        Assert.Equal(1, code);
        var all = stdout + stderr;
        Assert.Contains("unlearn/mul11__mlp__slow__seed0__fit__class2__GA:", all, StringComparison.Ordinal);
        Assert.Contains("unlearn/mul11__mlp__slow__seed0__final__class2__GA:", all, StringComparison.Ordinal);
        Assert.Contains("cell(s) failed in this worker", stderr, StringComparison.Ordinal);
        foreach (var ok in new[] { "add11__mlp__quick__seed0__fit__class2__GA", "add11__mlp__quick__seed0__final__class2__GA" })
            Assert.True(File.Exists(Path.Combine(artifacts, "unlearn", ok, "result.parquet")), ok);
        Assert.False(File.Exists(Path.Combine(artifacts, "unlearn", "mul11__mlp__slow__seed0__fit__class2__GA", "result.parquet")));
    }

    private static async Task<string> ResultJsonAsync(string path)
    {
        var (rows, _) = await ParquetTable.ReadAsync<UnlearnResultRow>(path);
        foreach (var row in rows) row.Seconds = 0;
        return JsonSerializer.Serialize(rows);
    }
}
