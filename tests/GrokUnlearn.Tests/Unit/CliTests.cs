using System.Diagnostics;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit;

/// <summary>The CLI as a user runs it: a separate process, exit codes and messages.</summary>
public sealed class CliTests
{
    internal static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GrokUnlearn.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Should_Exit_Non_Zero_With_The_Field_Path_And_Leave_Artifacts_Intact_On_A_Bad_Profile()
    {
        // Given: an existing artifact and a profile with a bad value.
        using var tmp = new TempDir();
        var artifacts = tmp.File("artifacts");
        var existing = Path.Combine(artifacts, "data", "add11", "pairs.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        File.WriteAllText(existing, "previous result");
        File.WriteAllText(tmp.File("bad.yaml"), TestProfiles.TinyYaml().Replace("op: mul", "op: modulo"));

        // When
        var (code, _, stderr) = Run("data", "--profile", tmp.File("bad.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", artifacts);

        // Then
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml", stderr);
        Assert.Contains("datasets.mul11.op", stderr);
        Assert.Contains("allowed values: add, sub, mul, div", stderr);
        Assert.Equal("previous result", File.ReadAllText(existing));
    }

    [Fact]
    public void Should_List_Every_Cell_In_Status_Without_Running_Anything()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("tiny.yaml"), TestProfiles.TinyYaml());

        var (code, stdout, _) = Run("status", "--profile", tmp.File("tiny.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", tmp.File("artifacts"));

        Assert.Equal(0, code);
        Assert.Contains("train\tadd11__mlp__quick__seed0\tstale\t", stdout);
        Assert.Contains("output checkpoints.parquet is missing", stdout);
        Assert.Contains("5 stale cell(s)", stdout); // 2 data + 2 train + 1 report
        Assert.False(Directory.Exists(tmp.File("artifacts")));
    }
}
