using GrokUnlearn.Benchmarks;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;
using static System.FormattableString;

namespace GrokUnlearn.Report;

/// <summary>
/// Builds the report's Performance section from artifacts/benchmark/comparison.parquet and the profile's
/// throughput.parquet (the Benchmark target writes both), and checks the speed goals against them: issue 8's, with
/// issue 23's reference (the malloc-tuned PyTorch peer, what a PyTorch user who reads a tuning guide runs) and HVP bound.
/// </summary>
public static class PerformanceTables
{
    public const double SpeedGoal = 1.1, PeakGoal = 50, EvalShareGoal = 0.20, HvpGoal = 1.5;
    private static readonly string[] ComputeBound = ["A", "C", "D"];

    /// <summary>Null when no benchmark has been run.</summary>
    public static async Task<PerformanceModel?> ReadAsync(ArtifactStore store, string profile)
    {
        var comparisonPath = store.ComparisonTable;
        var throughputPath = store.BenchmarkTable(profile);
        if (!File.Exists(comparisonPath) && !File.Exists(throughputPath)) return null;
        IList<ComparisonRow> comparison = [];
        IReadOnlyDictionary<string, string> meta = new Dictionary<string, string>();
        if (File.Exists(comparisonPath)) (comparison, meta) = await ParquetTable.ReadAsync<ComparisonRow>(comparisonPath);
        IList<ThroughputRow> throughput = [];
        if (File.Exists(throughputPath)) (throughput, _) = await ParquetTable.ReadAsync<ThroughputRow>(throughputPath);
        return Build(comparison, throughput, meta);
    }

    public static PerformanceModel Build(IList<ComparisonRow> comparison, IList<ThroughputRow> throughput, IReadOnlyDictionary<string, string> meta)
    {
        var lines = comparison.Select(r => new PerformanceLine(
            r.Workload, r.Title, r.Stack, r.Measure, N(r.PerSecond, "F2"), N(r.FirstRoundPerSecond, "F2"), N(r.RatioVsReference, "F2"),
            N(r.RatioVsTuned, "F2"), N(r.Gflops, "F1"), N(r.PercentOfPeak, "F0"), N(r.MinorFaultsPerOp, "F0"),
            (r.Status == "measured" ? r.Parity : r.Status) + (r.CostInSteps > 0 ? Invariant($"; one HVP = {r.CostInSteps:F2} steps") : ""))).ToList();
        var through = throughput.Select(r => new ThroughputLine(r.Dataset, r.Model, r.Recipe, Invariant($"{r.Batch}"), Invariant($"{r.StepsPerSecond:F1}"),
            Invariant($"{1000 * r.EvalSeconds:F1}"), Invariant($"{r.EvalEvery}"), Invariant($"{100 * r.EvalShare:F1}%"))).ToList();
        // Rows of unavailable workloads or failed workers carry no description: take a described one.
        var stacks = comparison.GroupBy(r => r.Stack)
            .Select(g => g.FirstOrDefault(r => r.Version.Length > 0) ?? g.First())
            .Select(r => new PerformanceStack(r.Stack, r.Version, r.Blas,
                r.Settings.Length > 0 ? r.Settings : "not recorded (table written before schema 2, or no worker of it ran)")).ToList();
        return new PerformanceModel(meta.GetValueOrDefault("grokunlearn.benchmark.machine", ""), meta.GetValueOrDefault("grokunlearn.benchmark.date", ""),
            meta.GetValueOrDefault("grokunlearn.benchmark.environment", ""), lines, Goals(comparison, throughput), through, stacks);
    }

    /// <summary>Issue 8's goals, each with what was measured and "met" / "not met" / "not measured".</summary>
    public static IReadOnlyList<PerformanceGoal> Goals(IList<ComparisonRow> comparison, IList<ThroughputRow> throughput)
    {
        var own = comparison.Where(r => r.Stack == BenchmarkStack.TorchSharp && r.Workload != "peak").ToList();
        var goals = new List<PerformanceGoal>();

        var speed = own.Where(r => r.Status == "measured" && r.RatioVsTuned > 0).ToList();
        var missing = own.Where(r => r.Status != "measured" || r.RatioVsTuned == 0).Select(r => r.Workload).Distinct().ToList();
        goals.Add(Goal(Invariant($"1. every workload ≥ {SpeedGoal}× PyTorch + OpenBLAS with GrokUnlearn's malloc thresholds (\"vs tuned\"; steps/s, first loop of a fresh process)"),
            speed.Select(r => Invariant($"{r.Workload}{Label(r)} {r.RatioVsTuned:F2}×")), missing,
            speed.Count > 0 && speed.All(r => r.RatioVsTuned >= SpeedGoal)));

        var bound = own.Where(r => ComputeBound.Contains(r.Workload) && r.Measure == "step").ToList();
        var boundMeasured = bound.Where(r => r.Status == "measured" && r.PercentOfPeak > 0).ToList();
        goals.Add(Goal(Invariant($"2. compute-bound workloads (A, C, D) ≥ {PeakGoal}% of the measured matmul peak"),
            boundMeasured.Select(r => Invariant($"{r.Workload} {r.PercentOfPeak:F0}%")), bound.Except(boundMeasured).Select(r => r.Workload).ToList(),
            boundMeasured.Count > 0 && boundMeasured.All(r => r.PercentOfPeak >= PeakGoal)));

        goals.Add(throughput.Count == 0
            ? new PerformanceGoal(Invariant($"3. evaluation ≤ {100 * EvalShareGoal:F0}% of a training run at the default interval"), "", "not measured for this profile")
            : Goal(Invariant($"3. evaluation ≤ {100 * EvalShareGoal:F0}% of a training run at the default interval"),
                throughput.Select(r => Invariant($"{r.Dataset}/{r.Model}/{r.Recipe} {100 * r.EvalShare:F1}%")), [],
                throughput.All(r => r.EvalShare <= EvalShareGoal)));

        var hvp = own.Where(r => r.Measure == "hvp" && r.CostInSteps > 0).ToList();
        goals.Add(Goal(Invariant($"4. one Hessian-vector product ≤ {HvpGoal}× a training step on the same batch"),
            hvp.Select(r => Invariant($"{r.Workload} {r.CostInSteps:F2}×")), hvp.Count == 0 ? ["E"] : [],
            hvp.Count > 0 && hvp.All(r => r.CostInSteps <= HvpGoal)));
        return goals;
    }

    private static PerformanceGoal Goal(string goal, IEnumerable<string> measured, IReadOnlyCollection<string> missing, bool met)
    {
        var text = string.Join(", ", measured);
        if (missing.Count > 0) text += (text.Length > 0 ? "; " : "") + "not measured: " + string.Join(", ", missing);
        var verdict = !met ? "not met" : missing.Count > 0 ? "met where measured" : "met";
        return new PerformanceGoal(goal, text, verdict);
    }

    private static string Label(ComparisonRow r) => r.Measure switch { "hvp" => " (HVP)", "step_same_batch" => " (step on the HVP batch)", _ => "" };

    private static string N(double value, string format) => value == 0 ? "" : value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
