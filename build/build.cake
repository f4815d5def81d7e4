// GrokUnlearn's task graph. Thin by design: each pipeline target calls the CLI (`GrokUnlearn.Cli <stage>`),
// which decides per cell whether it is stale (fingerprints in Parquet footers), so all of that logic is tested C#.
//   ./build.sh                       Report with the default profile (Data → Train → Unlearn → Analyze → Report)
//   ./build.sh --target=Train --profile=smoke --force --cell=seed0
//   ./build.sh --target=Report --exclusive     only the report stage
#load "lib/paths.cake"
#load "lib/parameters.cake"

Setup<PipelineParameters>(context =>
{
    // No side effects here: Setup also runs during --dryrun.
    var parameters = new PipelineParameters(context);
    Information($"GrokUnlearn: target {parameters.Target}, profile {parameters.Profile}, configuration {parameters.Configuration}{(parameters.Force ? ", forced" : "")}");
    return parameters;
});

Task("Clean")
    .Description("Delete artifacts/ and build outputs.")
    .Does<PipelineParameters>(p =>
    {
        foreach (var dir in p.Paths.ToClean)
            if (DirectoryExists(dir)) DeleteDirectory(dir, new DeleteDirectorySettings { Recursive = true, Force = true });
    });

Task("Build")
    .Description("Build the solution (warnings are errors); skipped when no source, project or props file changed since the last build.")
    .Does<PipelineParameters>(p =>
    {
        // A no-op `dotnet build` still costs seconds (MSBuild evaluates every project); a cached ./build.sh should not.
        var stamp = SourceStamp(p);
        var stampFile = p.Paths.BuildStamp(p.Configuration);
        if (FileExists(stampFile) && FileExists(p.Paths.CliDll(p.Configuration)) && FileExists(p.Paths.TestDll(p.Configuration))
            && System.IO.File.ReadAllText(stampFile.FullPath) == stamp)
        {
            Information("Build: up to date (no source, project or props file changed since the last build), skipping dotnet build.");
            return;
        }
        DotNetBuild(p.Paths.Solution.FullPath, new DotNetBuildSettings { Configuration = p.Configuration, NoLogo = true });
        System.IO.File.WriteAllText(stampFile.FullPath, stamp);
    });

Task("Test")
    .Description("Run the xunit suite.")
    .IsDependentOn("Build")
    .Does<PipelineParameters>(p =>
        DotNetTest(p.Paths.TestProject.FullPath, new DotNetTestSettings
        {
            Configuration = p.Configuration, NoBuild = true, NoLogo = true,
            Loggers = new[] { "console;verbosity=normal" },
            // Tests run two at a time and start CLI processes: more threads than cores, where OpenMP's spin-waiting
            // collapses throughput. The pipeline targets keep OpenMP's default (faster there; README "Threads").
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["OMP_WAIT_POLICY"] = EnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE",
            },
        }));

Task("Data")
    .Description("Generate datasets and persist their splits.")
    .IsDependentOn("Build")
    .Does<PipelineParameters>(p => RunStage(p, "data"));

Task("Train")
    .Description("Train each stale cell until it groks; write curves and fit / θ_pre / θ_grok checkpoints.")
    .IsDependentOn("Data")
    .Does<PipelineParameters>(p => RunStage(p, "train"));

Task("Unlearn")
    .Description("Retrain oracles, then every unlearning method from every starting checkpoint (curves, results, unlearned models).")
    .IsDependentOn("Train")
    .Does<PipelineParameters>(p => RunStage(p, "unlearn"));

Task("Analyze")
    .Description("Gradient alignment, local complexity, CKA, representation structure, curvature: before and after unlearning.")
    .IsDependentOn("Unlearn")
    .Does<PipelineParameters>(p => RunStage(p, "analyze"));

Task("Report")
    .Description("Render artifacts/report/ (HTML, Markdown, figures, runs.parquet).")
    .IsDependentOn("Analyze")
    .Does<PipelineParameters>(p => RunStage(p, "report"));

Task("Benchmark")
    .Description("Training steps per second of each dataset × model × recipe of the profile (artifacts/benchmark/<profile>/throughput.parquet). Figures only; not part of Report.")
    .IsDependentOn("Build")
    .Does<PipelineParameters>(p => RunStage(p, "benchmark"));

Task("Nightly")
    .Description("Build, test, reproduce the nightly profile (smoke) from scratch in artifacts/nightly, render its report, and fail on a regression (configs/reference/<profile>.json).")
    .IsDependentOn("Test")
    .Does<PipelineParameters>(p =>
    {
        var dir = p.Paths.NightlyArtifacts;
        if (DirectoryExists(dir)) DeleteDirectory(dir, new DeleteDirectorySettings { Recursive = true, Force = true });
        // The report is also opened in headless Chromium when it is installed (the hosted workflow installs it).
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }
            .Any(name => (EnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator).Any(dir => FileExists($"{dir}/{name}")));
        if (!chromium) Warning("Chromium is not installed: the nightly report is not checked in a browser.");
        foreach (var verb in new[] { "data", "train", "unlearn", "analyze", "report", "gate" })
        {
            var args = p.NightlyArguments(verb);
            if (verb == "report" && chromium) args.Append("--check-browser");
            DotNetExecute(p.Paths.CliDll(p.Configuration), args);
        }
    });

// Path, size and write time of every file the build reads: src/ and tests/ (outside bin/ and obj/) and the root's
// solution, props and SDK files. Any edit, added or deleted file changes it.
string SourceStamp(PipelineParameters p)
{
    var root = p.Paths.Root.FullPath;
    var files = new[] { "src", "tests" }
        .SelectMany(d => System.IO.Directory.EnumerateFiles(System.IO.Path.Combine(root, d), "*", System.IO.SearchOption.AllDirectories))
        .Where(f => { var r = System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'); return !r.Contains("/bin/") && !r.Contains("/obj/"); })
        .Concat(new[] { "GrokUnlearn.sln", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json",
                "nuget.config", "NuGet.Config", ".editorconfig" }
            .Select(f => System.IO.Path.Combine(root, f)).Where(System.IO.File.Exists))
        .Concat(System.IO.Directory.EnumerateFiles(root, "*.globalconfig"))
        .OrderBy(f => f, StringComparer.Ordinal);
    var sb = new System.Text.StringBuilder(p.Configuration).Append('\n');
    foreach (var f in files)
    {
        var info = new System.IO.FileInfo(f);
        sb.Append(System.IO.Path.GetRelativePath(root, f)).Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
    }
    return sb.ToString();
}

void RunStage(PipelineParameters p, string verb)
{
    var dll = p.Paths.CliDll(p.Configuration);
    if (!FileExists(dll))
        throw new CakeException($"{dll} is missing; run the Build target first (or drop --exclusive).");
    // Slurm array tasks run the CLI that submitted them: the ReadyToRun copy starts without JIT (README "Slurm").
    if (p.Executor == "slurm" && verb != "benchmark") dll = ReadyToRunCli(p);
    DotNetExecute(dll, p.StageArguments(verb));
}

// The CLI published ReadyToRun for linux-x64 (framework-dependent), republished only when the sources changed.
FilePath ReadyToRunCli(PipelineParameters p)
{
    var dll = p.Paths.ReadyToRunCliDll(p.Configuration);
    var stamp = SourceStamp(p);
    var stampFile = p.Paths.ReadyToRunStamp(p.Configuration);
    if (FileExists(dll) && FileExists(stampFile) && System.IO.File.ReadAllText(stampFile.FullPath) == stamp) return dll;
    Information("Publishing the CLI ReadyToRun for the Slurm tasks (once per source change).");
    DotNetPublish(p.Paths.CliProject.FullPath, new DotNetPublishSettings
    {
        Configuration = p.Configuration, Runtime = "linux-x64", SelfContained = false, NoLogo = true,
        OutputDirectory = dll.GetDirectory(),
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("PublishReadyToRun", "true"),
    });
    System.IO.File.WriteAllText(stampFile.FullPath, stamp);
    return dll;
}

RunTarget(Argument("target", "Report"));
