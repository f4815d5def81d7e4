// Paths computed once (Cake's build/paths.cake pattern). Everything is relative to the repository root.
public record BuildPaths(DirectoryPath Root)
{
    public FilePath Solution => Root.CombineWithFilePath("GrokUnlearn.sln");
    public FilePath CliProject => Root.CombineWithFilePath("src/GrokUnlearn.Cli/GrokUnlearn.Cli.csproj");
    public FilePath TestProject => Root.CombineWithFilePath("tests/GrokUnlearn.Tests/GrokUnlearn.Tests.csproj");
    public DirectoryPath Artifacts => Root.Combine("artifacts");
    /// <summary>The nightly reproduction's own artifacts, rebuilt from scratch each time (users' cache untouched).</summary>
    public DirectoryPath NightlyArtifacts => Root.Combine("artifacts/nightly");
    public FilePath CliDll(string configuration) =>
        Root.CombineWithFilePath($"src/GrokUnlearn.Cli/bin/{configuration}/net10.0/GrokUnlearn.Cli.dll");
    public FilePath TestDll(string configuration) =>
        Root.CombineWithFilePath($"tests/GrokUnlearn.Tests/bin/{configuration}/net10.0/GrokUnlearn.Tests.dll");
    /// <summary>The CLI published ReadyToRun (precompiled, no JIT at start-up) for Slurm array tasks.</summary>
    public FilePath ReadyToRunCliDll(string configuration) =>
        Root.CombineWithFilePath($"src/GrokUnlearn.Cli/bin/{configuration}/r2r/GrokUnlearn.Cli.dll");
    /// <summary>What the ReadyToRun copy was published from (the same stamp as the build's).</summary>
    public FilePath ReadyToRunStamp(string configuration) =>
        Root.CombineWithFilePath($"src/GrokUnlearn.Cli/bin/{configuration}/.r2r-stamp");
    /// <summary>What the last successful build was built from (see the Build task); deleted with the build outputs.</summary>
    public FilePath BuildStamp(string configuration) =>
        Root.CombineWithFilePath($"src/GrokUnlearn.Cli/bin/{configuration}/.build-stamp");
    public IEnumerable<DirectoryPath> ToClean => new[] { Artifacts, Root.Combine("src/GrokUnlearn/bin"), Root.Combine("src/GrokUnlearn/obj"),
        Root.Combine("src/GrokUnlearn.Cli/bin"), Root.Combine("src/GrokUnlearn.Cli/obj"),
        Root.Combine("tests/GrokUnlearn.Tests/bin"), Root.Combine("tests/GrokUnlearn.Tests/obj") };
}
