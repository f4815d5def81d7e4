using System.Diagnostics;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit;

/// <summary>The CLI as a user runs it: a separate process, exit codes and messages.</summary>
public sealed class CliTests
{
    internal static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWith(new Dictionary<string, string?>(), args);

    /// <summary>Runs the CLI with environment variables set (a null value removes one).</summary>
    internal static (int ExitCode, string Stdout, string Stderr) RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
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
    public void Should_Exit_One_With_The_Path_When_The_Artifacts_Folder_Cannot_Be_Written()
    {
        // The artifacts folder lies below a regular file: every write fails (as on a read-only or full disk). Before, the
        // IOException was unhandled: exit 134 with a stack trace.
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("tiny.yaml"), TestProfiles.TinyYaml());
        File.WriteAllText(tmp.File("blocker"), "");
        var artifacts = Path.Combine(tmp.File("blocker"), "artifacts");

        var (code, _, stderr) = Run("data", "--profile", tmp.File("tiny.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", artifacts);

        Assert.Equal(1, code);
        Assert.Contains("error: ", stderr);
        Assert.Contains(tmp.File("blocker"), stderr);
        Assert.Contains("writable and has free space", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Should_Name_The_File_And_Line_Of_An_Unclosed_Bracket()
    {
        // `p: [31` with the bracket never closed: once an unhandled YamlDotNet exception (exit 134).
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("open.yaml"), "threads: 2\ndatasets:\n  a:\n    kind: modular\n    p: [31\n");

        var (code, _, stderr) = Run("status", "--profile", tmp.File("open.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", tmp.File("artifacts"));

        Assert.Equal(2, code);
        Assert.Contains(tmp.File("open.yaml") + ":6:1: invalid YAML", stderr);
        Assert.DoesNotContain("   at ", stderr);
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

    [Fact]
    public void Should_Exit_Non_Zero_Naming_The_Offline_Options_When_A_Dataset_Cannot_Be_Obtained()
    {
        // Given: an existing image table, a CIFAR-10 profile, no copy anywhere and downloads turned off.
        using var tmp = new TempDir();
        var artifacts = tmp.File("artifacts");
        var existing = Path.Combine(artifacts, "data", "c10", "images.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        File.WriteAllText(existing, "previous result");
        File.WriteAllText(tmp.File("c10.yaml"), """
            datasets:
              c10: { kind: cifar10, train_subset: 100, test_subset: 100 }
            models:
              cnn: { kind: cnn, channels: [8] }
            recipes:
              r: { lr: 0.001, weight_decay: 0, batch_size: 32, max_steps: 10, eval_every: 5 }
            train:
              - { dataset: c10, model: cnn, recipe: r, seeds: [0] }
            """);

        // When
        var (code, _, stderr) = Run("data", "--profile", tmp.File("c10.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", artifacts,
            "--offline", "--data-root", tmp.File("mirror"));

        // Then
        Assert.Equal(1, code);
        Assert.Contains("could not obtain cifar-10-binary.tar.gz of CIFAR-10", stderr);
        Assert.Contains(Path.Combine(tmp.File("mirror"), "cifar10", "cifar-10-binary.tar.gz") + ": missing", stderr);
        Assert.Contains("download: disabled (offline)", stderr);
        Assert.Contains("--data-root", stderr);
        Assert.Contains("MD5 c32a1d4ab5d03f1284b67883e8d87530", stderr);
        Assert.Equal("previous result", File.ReadAllText(existing));
    }
}
