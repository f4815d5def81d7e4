using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Benchmark: training steps per second of each dataset × model × recipe of the profile (artifacts/benchmark/<profile>/throughput.parquet), then workloads A–E side by side with PyTorch (artifacts/benchmark/comparison.parquet).")]
public sealed class BenchmarkCommand : AsyncCommand<BenchmarkCommand.Settings>
{
    public sealed class Settings : PipelineSettings
    {
        [CommandOption("--steps <N>")]
        [Description("Profile throughput: timed steps per round (fewer for slow models, so a round stays near 15 s).")]
        [DefaultValue(50)]
        public int Steps { get; init; } = 50;

        [CommandOption("--rounds <N>")]
        [Description("Timed rounds (profile throughput and comparison); the median is reported.")]
        [DefaultValue(5)]
        public int Rounds { get; init; } = 5;

        [CommandOption("--warmup <N>")]
        [Description("Untimed steps first.")]
        [DefaultValue(10)]
        public int Warmup { get; init; } = 10;

        [CommandOption("--seconds-per-round <S>")]
        [Description("Comparison: each stack's round is sized to about this many seconds.")]
        [DefaultValue(2.0)]
        public double SecondsPerRound { get; init; } = 2.0;

        [CommandOption("--compare <WHAT>")]
        [Description("What to run: all (profile throughput and PyTorch comparison), profile, or pytorch.")]
        [DefaultValue("all")]
        public string Compare { get; init; } = "all";

        [CommandOption("--workloads <IDS>")]
        [Description("Comparison workloads, comma-separated (A,B,C,D,E).")]
        [DefaultValue("A,B,C,D,E")]
        public string Workloads { get; init; } = "A,B,C,D,E";

        [CommandOption("--python <PATH>")]
        [Description("Python with Debian's python3-torch (apt install python3-torch libopenblas0-openmp).")]
        [DefaultValue("/usr/bin/python3")]
        public string Python { get; init; } = "/usr/bin/python3";

        [CommandOption("--netlib")]
        [Description("Also run PyTorch with Debian's reference (netlib) BLAS, its stock configuration: 10–40× slower.")]
        public bool Netlib { get; init; }
    }

    private static readonly string[] CompareValues = ["all", "profile", "pytorch"];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Steps < 1 || settings.Rounds < 1 || settings.Warmup < 1 || settings.SecondsPerRound <= 0)
            throw new ConfigException($"--steps, --rounds and --warmup must be at least 1 and --seconds-per-round positive (got {settings.Steps}, {settings.Rounds}, {settings.Warmup}, {settings.SecondsPerRound}).");
        if (!CompareValues.Contains(settings.Compare))
            throw new ConfigException($"--compare {settings.Compare}: allowed values are {string.Join(", ", CompareValues)}.");
        var ctx = PipelineContext.Create(settings);
        // The profile's runs first, in this process while it is quiet: after it has started and read worker processes
        // its own steps measured up to 2× slower (pool threads left behind by the process I/O).
        if (settings.Compare is "all" or "profile")
        {
            PipelineContext.EnsureTorch();
            await ProfileThroughputAsync(ctx, settings);
        }
        if (settings.Compare is "all" or "pytorch") await CompareAsync(ctx, settings);
        return 0;
    }

    private static async Task ProfileThroughputAsync(PipelineContext ctx, Settings settings)
    {
        var rows = new TrainingThroughput(Console.WriteLine, settings.Warmup, settings.Steps, settings.Rounds).Run(ctx.Profile);
        var path = ctx.Store.BenchmarkTable(ctx.Profile.Name);
        await ParquetTable.WriteAsync(path, rows.ToList(), new Dictionary<string, string>
        {
            [ParquetTable.SchemaVersionKey] = ThroughputRow.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            ["grokunlearn.benchmark.machine"] = Machine(),
        });
        Console.WriteLine(FormattableString.Invariant($"{"dataset",-10} {"model",-8} {"recipe",-14} {"batch",6} {"parameters",11} {"steps/s",8} {"ms/step",8} {"eval ms",8} {"eval share",10}"));
        foreach (var r in rows)
            Console.WriteLine(FormattableString.Invariant(
                $"{r.Dataset,-10} {r.Model,-8} {r.Recipe,-14} {r.Batch,6} {r.Parameters,11:N0} {r.StepsPerSecond,8:F1} {r.MsPerStep,8:F2} {1000 * r.EvalSeconds,8:F1} {100 * r.EvalShare,9:F1}%"));
        Console.WriteLine($"wrote {path}");
    }

    private static async Task CompareAsync(PipelineContext ctx, Settings settings)
    {
        var wanted = settings.Workloads.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = BenchmarkWorkload.Load(ctx.Root);
        var unknown = wanted.Except(all.Select(w => w.Id)).ToList();
        if (unknown.Count > 0)
            throw new ConfigException($"--workloads: unknown {string.Join(", ", unknown)}; allowed values are {string.Join(", ", all.Select(w => w.Id))}.");
        var workloads = all.Where(w => wanted.Contains(w.Id)).ToList();

        var threads = Math.Min(ctx.Profile.Threads, Environment.ProcessorCount);
        var stacks = new List<BenchmarkStack> { BenchmarkStack.TorchSharpWorker(Path.Combine(AppContext.BaseDirectory, "GrokUnlearn.Cli.dll"), ctx.Root) };
        var script = Path.Combine(ctx.Root, "benchmarks", "pytorch", "worker.py");
        if (BenchmarkStack.PyTorchMissing(settings.Python) is { } why)
            Console.WriteLine($"[compare] PyTorch reference skipped: {why}");
        else if (!Directory.Exists(BenchmarkStack.OpenBlasDir))
            Console.WriteLine($"[compare] PyTorch + OpenBLAS skipped: {BenchmarkStack.OpenBlasDir} is missing (apt install libopenblas0-openmp).");
        else
        {
            stacks.Add(BenchmarkStack.PyTorchWorker(BenchmarkStack.PyTorchOpenBlas, "Debian python3-torch + OpenBLAS (OpenMP), as installed", settings.Python, script, BenchmarkStack.OpenBlasDir));
            // The same, given the malloc thresholds GrokUnlearn sets in-process: shows what is the allocator and what is the stack.
            stacks.Add(BenchmarkStack.PyTorchWorker(BenchmarkStack.PyTorchOpenBlasTuned, "the same with GrokUnlearn's malloc thresholds", settings.Python, script, BenchmarkStack.OpenBlasDir,
                new Dictionary<string, string>
                {
                    ["MALLOC_MMAP_THRESHOLD_"] = Invariant(GrokUnlearn.Native.NativeHeap.MmapThreshold),
                    ["MALLOC_TRIM_THRESHOLD_"] = Invariant(GrokUnlearn.Native.NativeHeap.TrimThreshold),
                }));
        }
        if (settings.Netlib && stacks.Count > 1 && Directory.Exists(BenchmarkStack.NetlibDir))
            stacks.Add(BenchmarkStack.PyTorchWorker(BenchmarkStack.PyTorchNetlib, "Debian python3-torch + reference BLAS (stock)", settings.Python, script, BenchmarkStack.NetlibDir));

        var options = new ComparisonOptions(threads, ctx.Store.ParityDir, settings.Rounds, settings.Warmup, settings.SecondsPerRound)
        {
            Environment = ComparisonEnvironment(threads),
        };
        Console.WriteLine($"[compare] stacks: {string.Join("; ", stacks.Select(s => $"{s.Name} ({s.Description})"))}; {threads} threads; {settings.Rounds} interleaved rounds of ~{settings.SecondsPerRound} s after {settings.Warmup} warm-up steps; a fresh process per stack and workload.");
        var rows = new StackComparison(Console.WriteLine, options).Run(workloads, stacks);
        var path = ctx.Store.ComparisonTable;
        await ParquetTable.WriteAsync(path, rows.ToList(), new Dictionary<string, string>
        {
            [ParquetTable.SchemaVersionKey] = ComparisonRow.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            ["grokunlearn.benchmark.machine"] = Machine(),
            ["grokunlearn.benchmark.environment"] = string.Join(" ", options.Environment.Select(kv => $"{kv.Key}={kv.Value}")),
            ["grokunlearn.benchmark.date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        });
        // Plain fixed-width lines: the table must stay readable in CI logs and when piped.
        Console.WriteLine(FormattableString.Invariant($"{"workload",-8} {"stack",-17} {"measure",-16} {"per s",9} {"1st round",9} {"ratio",6} {"vs tuned",8} {"GFLOP/s",8} {"% peak",6} {"faults/op",9}  parity / status"));
        foreach (var r in rows)
            Console.WriteLine(FormattableString.Invariant(
                $"{r.Workload,-8} {r.Stack,-17} {r.Measure,-16} {F(r.PerSecond, "F2"),9} {F(r.FirstRoundPerSecond, "F2"),9} {F(r.RatioVsReference, "F2"),6} {F(r.RatioVsTuned, "F2"),8} {F(r.Gflops, "F1"),8} {F(r.PercentOfPeak, "F0"),6} {F(r.MinorFaultsPerOp, "F0"),9}  {(r.Status == "measured" ? r.Parity : r.Status)}{(r.CostInSteps > 0 ? FormattableString.Invariant($"; one HVP = {r.CostInSteps:F2} steps") : "")}"));
        foreach (var stack in rows.GroupBy(r => r.Stack))
            Console.WriteLine($"[compare] {stack.Key} ran with: {stack.FirstOrDefault(r => r.Settings.Length > 0)?.Settings ?? "(no worker of it ran)"}");
        Console.WriteLine($"wrote {path}");
    }

    /// <summary>The same OpenMP thread count for every stack (each also sets it through its API).</summary>
    private static Dictionary<string, string> ComparisonEnvironment(int threads) => new()
    {
        ["OMP_NUM_THREADS"] = Invariant(threads),
    };

    private static string Machine() => $"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value == 0 ? "" : value.ToString(format, CultureInfo.InvariantCulture);
}
