using System.Globalization;
using System.Text.Json.Nodes;
using MathNet.Numerics.Statistics;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// Runs every workload on every stack side by side: one fresh worker process per stack and workload (so each stack is
/// timed from the first training loop of a process), the same thread count, warm-up steps, then interleaved rounds
/// (stack order alternating each round) and the median round. Then a parity check in another fresh pair of processes:
/// the TorchSharp worker writes its weights, batch and HVP direction, every other stack loads them, and all must report
/// the same losses over a few steps and the same v·Hv. Finally the float32 matmul peak through each stack.
/// </summary>
public sealed class StackComparison(Action<string> log, ComparisonOptions options)
{
    private const string Peak = "peak";

    public IReadOnlyList<ComparisonRow> Run(IReadOnlyList<BenchmarkWorkload> workloads, IReadOnlyList<BenchmarkStack> stacks)
    {
        var rows = new List<ComparisonRow>();
        foreach (var workload in workloads)
        {
            if (!workload.Available)
            {
                log($"[compare] {workload.Id}: not available — {workload.UnavailableReason}");
                rows.AddRange(stacks.Select(s => Row(workload, s.Name, workload.Measure == WorkloadMeasure.Hvp ? "hvp" : "step",
                    $"not available: {workload.UnavailableReason}")));
                continue;
            }
            var measured = Measure(workload, stacks);
            var parity = CheckParity(workload, stacks);
            foreach (var row in measured) row.Parity = parity.GetValueOrDefault(row.Stack, "not run");
            rows.AddRange(measured);
        }
        rows.AddRange(MeasurePeak(stacks));
        Derive(rows);
        return rows;
    }

    private List<ComparisonRow> Measure(BenchmarkWorkload workload, IReadOnlyList<BenchmarkStack> stacks)
    {
        string[] measures = workload.Measure == WorkloadMeasure.Hvp ? ["step_same_batch", "hvp"] : ["step"];
        var rows = new List<ComparisonRow>();
        var workers = new List<(BenchmarkStack Stack, WorkerProcess Worker, Dictionary<string, ComparisonRow> Rows)>();
        try
        {
            foreach (var stack in stacks)
            {
                try
                {
                    var worker = Start(stack);
                    var info = worker.Send(Setup(workload));
                    var byMeasure = measures.ToDictionary(m => m, m => Describe(Row(workload, stack.Name, m, "measured"), info));
                    workers.Add((stack, worker, byMeasure));
                    rows.AddRange(byMeasure.Values);
                }
                catch (BenchmarkWorkerException ex)
                {
                    log($"[compare] {workload.Id} × {stack.Name}: {ex.Message}");
                    rows.AddRange(measures.Select(m => Row(workload, stack.Name, m, $"failed: {ex.Message}")));
                }
            }

            // Warm-up, which also sizes each stack's rounds to about SecondsPerRound.
            var perRound = new Dictionary<(string, string), int>();
            foreach (var (stack, worker, _) in workers)
                foreach (var measure in measures)
                {
                    var seconds = Seconds(worker.Send(Op(measure, options.WarmupSteps)));
                    perRound[(stack.Name, measure)] = Math.Clamp((int)Math.Round(options.SecondsPerRound * options.WarmupSteps / Math.Max(seconds, 1e-6)), 1, 100_000);
                }

            var rates = workers.SelectMany(w => measures.Select(m => (w.Stack.Name, m))).ToDictionary(k => k, _ => new List<double>());
            var faults = rates.Keys.ToDictionary(k => k, _ => 0.0);
            for (var round = 0; round < options.Rounds; round++)
            {
                var order = round % 2 == 0 ? workers : Enumerable.Reverse(workers).ToList();
                foreach (var (stack, worker, _) in order)
                    foreach (var measure in measures)
                    {
                        var n = perRound[(stack.Name, measure)];
                        var reply = worker.Send(Op(measure, n));
                        rates[(stack.Name, measure)].Add(n / Seconds(reply));
                        faults[(stack.Name, measure)] += (double)(reply["minor_faults"]?.GetValue<long>() ?? 0) / n;
                    }
                log(string.Join("  ", rates.Select(kv => FormattableString.Invariant($"{kv.Key.Item1}/{kv.Key.Item2} {kv.Value[^1]:F1}/s")))
                    .Insert(0, $"[compare] {workload.Id} round {round + 1}/{options.Rounds}: "));
            }
            foreach (var (stack, _, byMeasure) in workers)
                foreach (var (measure, row) in byMeasure)
                {
                    var r = rates[(stack.Name, measure)];
                    row.Rounds = r.Count;
                    row.StepsPerRound = perRound[(stack.Name, measure)];
                    row.PerSecond = r.Median();
                    row.FirstRoundPerSecond = r[0];
                    row.MinPerSecond = r.Min();
                    row.MaxPerSecond = r.Max();
                    row.MinorFaultsPerOp = faults[(stack.Name, measure)] / r.Count;
                    if (measure != "hvp") row.GflopPerOp = FlopCount.PerStep(workload) / 1e9;
                }
        }
        catch (BenchmarkWorkerException ex)
        {
            log($"[compare] {workload.Id}: {ex.Message}");
            foreach (var row in rows.Where(r => r.Status == "measured" && r.PerSecond == 0)) row.Status = $"failed: {ex.Message}";
        }
        finally
        {
            foreach (var (_, worker, _) in workers) worker.Dispose();
        }
        return rows;
    }

    /// <summary>Stack name → "passed (…)" / "failed (…)"; TorchSharp's own numbers are the ones the others must match.</summary>
    private Dictionary<string, string> CheckParity(BenchmarkWorkload workload, IReadOnlyList<BenchmarkStack> stacks)
    {
        var result = new Dictionary<string, string>();
        var own = stacks.FirstOrDefault(s => s.Name == BenchmarkStack.TorchSharp);
        if (own is null) return result;
        Directory.CreateDirectory(options.ParityDir);
        var path = Path.Combine(options.ParityDir, $"{workload.Id}.safetensors");
        JsonObject expected;
        try
        {
            using var worker = Start(own);
            worker.Send(Setup(workload));
            expected = worker.Send(new JsonObject { ["cmd"] = "parity", ["path"] = path, ["steps"] = options.ParitySteps, ["write"] = true });
        }
        catch (BenchmarkWorkerException ex)
        {
            log($"[compare] {workload.Id} parity: {ex.Message}");
            return result;
        }
        result[own.Name] = "reference (writes the inputs)";
        foreach (var stack in stacks.Where(s => s != own))
        {
            try
            {
                using var worker = Start(stack);
                worker.Send(Setup(workload));
                var actual = worker.Send(new JsonObject { ["cmd"] = "parity", ["path"] = path, ["steps"] = options.ParitySteps, ["write"] = false });
                var difference = ParityDifference(expected, actual);
                result[stack.Name] = difference <= options.ParityTolerance
                    ? FormattableString.Invariant($"passed (max relative difference {difference:G2} over {options.ParitySteps + 1} losses and v·Hv, ‖Hv‖)")
                    : FormattableString.Invariant($"FAILED (max relative difference {difference:G3} > {options.ParityTolerance:G2}; expected {expected.ToJsonString()}, got {actual.ToJsonString()})");
                log($"[compare] {workload.Id} parity {stack.Name}: {result[stack.Name]}");
            }
            catch (BenchmarkWorkerException ex)
            {
                result[stack.Name] = $"not run ({ex.Message})";
            }
        }
        return result;
    }

    /// <summary>Largest relative difference over the losses, v·Hv and ‖Hv‖ of two parity replies.</summary>
    public static double ParityDifference(JsonObject expected, JsonObject actual)
    {
        static IEnumerable<double> Values(JsonObject o) =>
            o["losses"]!.AsArray().Select(v => v!.GetValue<double>()).Append(o["vhv"]!.GetValue<double>()).Append(o["hv_norm"]!.GetValue<double>());
        var a = Values(expected).ToList();
        var b = Values(actual).ToList();
        if (a.Count != b.Count) return double.PositiveInfinity;
        return a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(Math.Abs(x), 1e-12)).Max();
    }

    private IEnumerable<ComparisonRow> MeasurePeak(IReadOnlyList<BenchmarkStack> stacks)
    {
        var title = $"float32 matmul {options.MatmulSize}×{options.MatmulSize}, best of {options.MatmulRepeats}";
        foreach (var stack in stacks)
        {
            var row = new ComparisonRow { Workload = Peak, Title = title, Stack = stack.Name, Measure = "matmul", Status = "measured" };
            try
            {
                using var worker = Start(stack);
                Describe(row, worker.Send(new JsonObject { ["cmd"] = "setup", ["threads"] = options.Threads }));
                var best = Seconds(worker.Send(new JsonObject { ["cmd"] = "matmul", ["size"] = options.MatmulSize, ["repeats"] = options.MatmulRepeats }));
                row.Rounds = options.MatmulRepeats;
                row.StepsPerRound = 1;
                row.PerSecond = row.FirstRoundPerSecond = row.MinPerSecond = row.MaxPerSecond = 1 / best;
                row.GflopPerOp = FlopCount.Matmul(options.MatmulSize) / 1e9;
                log(FormattableString.Invariant($"[compare] peak {stack.Name}: {row.GflopPerOp / best:F1} GFLOP/s"));
            }
            catch (BenchmarkWorkerException ex)
            {
                row.Status = $"failed: {ex.Message}";
            }
            yield return row;
        }
    }

    /// <summary>GFLOP/s, % of the best measured peak, ratios against the reference stack, HVP cost in steps.</summary>
    private static void Derive(List<ComparisonRow> rows)
    {
        foreach (var row in rows) row.Gflops = row.GflopPerOp * row.PerSecond;
        var peak = rows.Where(r => r.Measure == "matmul" && r.Status == "measured").Select(r => r.Gflops).DefaultIfEmpty(0).Max();
        foreach (var row in rows.Where(r => r.Gflops > 0 && peak > 0)) row.PercentOfPeak = 100 * row.Gflops / peak;
        Dictionary<(string, string), double> Rates(string stack) => rows.Where(r => r.Stack == stack && r.Status == "measured" && r.PerSecond > 0)
            .ToDictionary(r => (r.Workload, r.Measure), r => r.PerSecond);
        var reference = Rates(BenchmarkStack.PyTorchOpenBlas);
        var tuned = Rates(BenchmarkStack.PyTorchOpenBlasTuned);
        foreach (var row in rows.Where(r => r.PerSecond > 0))
        {
            if (reference.TryGetValue((row.Workload, row.Measure), out var rate)) row.RatioVsReference = row.PerSecond / rate;
            if (tuned.TryGetValue((row.Workload, row.Measure), out var tunedRate)) row.RatioVsTuned = row.PerSecond / tunedRate;
        }
        foreach (var hvp in rows.Where(r => r.Measure == "hvp" && r.PerSecond > 0))
            if (rows.FirstOrDefault(r => r.Workload == hvp.Workload && r.Stack == hvp.Stack && r.Measure == "step_same_batch") is { PerSecond: > 0 } step)
                hvp.CostInSteps = step.PerSecond / hvp.PerSecond;
    }

    private WorkerProcess Start(BenchmarkStack stack)
    {
        var start = stack.StartInfo();
        foreach (var (key, value) in options.Environment) start.Environment[key] = value;
        _settings[stack.Name] = stack.Settings(start);
        return WorkerProcess.Start(stack.Name, start);
    }

    /// <summary>Each stack's settings as its last worker was started with them (the same for all its workers).</summary>
    private readonly Dictionary<string, string> _settings = [];

    private JsonObject Setup(BenchmarkWorkload workload) => new()
    {
        ["cmd"] = "setup", ["threads"] = options.Threads, ["workload"] = workload.Id, ["workload_spec"] = workload.ToWire(),
    };

    private static JsonObject Op(string measure, int n) => new()
    {
        ["cmd"] = measure switch { "hvp" => "hvp", "step_same_batch" => "fixed_steps", _ => "steps" }, ["n"] = n,
    };

    private static double Seconds(JsonObject reply) => Math.Max(reply["seconds"]!.GetValue<double>(), 1e-9);

    private static ComparisonRow Row(BenchmarkWorkload w, string stack, string measure, string status) => new()
    {
        Workload = w.Id, Title = w.Title, Stack = stack, Measure = measure, Status = status, Batch = w.Batch,
    };

    private ComparisonRow Describe(ComparisonRow row, JsonObject info)
    {
        row.Settings = _settings.GetValueOrDefault(row.Stack, "");
        row.Version = (string?)info["version"] ?? "";
        row.Blas = (string?)info["blas"] ?? "";
        row.Threads = (int?)info["threads"] ?? 0;
        row.Parameters = (long?)info["parameters"] ?? 0;
        return row;
    }
}
