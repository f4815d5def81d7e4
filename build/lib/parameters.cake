// Every argument is read here, once (Cake's build/parameters.cake pattern); tasks only read this record.
public sealed class PipelineParameters
{
    public PipelineParameters(ICakeContext context)
    {
        Target = context.Argument("target", "Report");
        Profile = context.Argument("profile", "default");
        Configuration = context.Argument("configuration", "Release");
        Force = context.HasArgument("force");
        Cell = context.Argument<string>("cell", null);
        Method = context.Argument<string>("method", null);
        Seed = context.Argument<string>("seed", null);
        NightlyProfile = context.Argument("nightly-profile", "smoke");
        DataRoot = context.Argument<string>("data-root", null);
        Offline = context.HasArgument("offline");
        Executor = context.Argument("executor", "local");
        Jobs = context.Argument<string>("jobs", null);
        if (Executor != "local" && Executor != "slurm")
            throw new CakeException($"--executor={Executor} is not allowed; allowed values: local, slurm.");
        var root = context.MakeAbsolute(context.Directory("."));
        while (root != null && !context.FileExists(root.CombineWithFilePath("GrokUnlearn.sln")))
            root = root.GetParent();
        if (root == null)
            throw new CakeException("GrokUnlearn.sln not found above the working directory; run ./build.sh from the repository.");
        Paths = new BuildPaths(root);
    }

    public string Target { get; }
    public string Profile { get; }
    public string Configuration { get; }
    public bool Force { get; }
    public string Cell { get; }
    public string Method { get; }
    public string Seed { get; }
    public string NightlyProfile { get; }
    public string DataRoot { get; }
    public bool Offline { get; }
    public string Executor { get; }
    /// <summary>The local executor's worker processes per stage (null: the CLI's default, cores ÷ the profile's threads).</summary>
    public string Jobs { get; }
    public BuildPaths Paths { get; }

    /// <summary>The nightly reproduction's arguments: its own profile and artifacts folder, never forced or filtered.</summary>
    public ProcessArgumentBuilder NightlyArguments(string verb) => new ProcessArgumentBuilder()
        .Append(verb)
        .Append("--profile").AppendQuoted(NightlyProfile)
        .Append("--root").AppendQuoted(Paths.Root.FullPath)
        .Append("--artifacts").AppendQuoted(Paths.NightlyArtifacts.FullPath);

    /// <summary>The arguments every pipeline verb of the CLI receives.</summary>
    public ProcessArgumentBuilder StageArguments(string verb)
    {
        var args = new ProcessArgumentBuilder()
            .Append(verb)
            .Append("--profile").AppendQuoted(Profile)
            .Append("--root").AppendQuoted(Paths.Root.FullPath);
        if (Force) args.Append("--force");
        if (!string.IsNullOrEmpty(Cell)) args.Append("--cell").AppendQuoted(Cell);
        if (!string.IsNullOrEmpty(Method)) args.Append("--method").AppendQuoted(Method);
        if (!string.IsNullOrEmpty(Seed)) args.Append("--seed").AppendQuoted(Seed);
        // Dataset sources matter to the Data stage only.
        if (verb == "data" && !string.IsNullOrEmpty(DataRoot)) args.Append("--data-root").AppendQuoted(DataRoot);
        if (verb == "data" && Offline) args.Append("--offline");
        // Train, Unlearn and Analyze run their independent cells in this many worker processes (local executor).
        if (!string.IsNullOrEmpty(Jobs) && (verb is "train" or "unlearn" or "analyze")) args.Append("--jobs").AppendQuoted(Jobs);
        // With Slurm every stage verb submits its stale cells (job arrays chained by dependencies) and returns at once.
        if (Executor == "slurm" && verb != "benchmark") args.Append("--executor").Append("slurm");
        return args;
    }
}
