using System.Diagnostics;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// The TorchSharp side of the comparison: a fresh process that serves one workload over a line protocol (one JSON object
/// per line on stdin, one reply per line on stdout), the same protocol benchmarks/pytorch/worker.py serves. The
/// coordinator (<see cref="StackComparison"/>) drives the rounds, so the two stacks run interleaved.
/// Commands: setup {workload, threads}; steps {n}; fixed_steps {n}; hvp {n}; matmul {size, repeats}; parity {path, steps, write}; quit.
/// Every timed reply carries seconds and the process's minor page faults during the command.
/// </summary>
public sealed class BenchmarkWorker(TextReader input, TextWriter output, IReadOnlyList<BenchmarkWorkload> workloads)
{
    public const string StackName = "torchsharp";

    public void Serve()
    {
        WorkloadSession? session = null;
        try
        {
            while (input.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                JsonObject reply;
                try
                {
                    var request = JsonNode.Parse(line)!.AsObject();
                    var command = (string?)request["cmd"];
                    if (command == "quit") break;
                    var faults = MinorFaults();
                    reply = command switch
                    {
                        "setup" => Setup(request, ref session),
                        "steps" => Timed(Require(session).Steps((int)request["n"]!)),
                        "fixed_steps" => Timed(Require(session).FixedBatchSteps((int)request["n"]!)),
                        "hvp" => Timed(Require(session).Hvps((int)request["n"]!)),
                        "matmul" => Timed(MatmulBest((int)request["size"]!, (int)request["repeats"]!)),
                        "parity" => Parity(Require(session), request),
                        _ => throw new InvalidOperationException($"unknown command '{command}'"),
                    };
                    reply["minor_faults"] = MinorFaults() - faults;
                    reply["rss_mb"] = ResidentMegabytes();
                    reply["live_tensors"] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    reply = new JsonObject { ["error"] = $"{ex.GetType().Name}: {ex.Message}" };
                }
                output.WriteLine(reply.ToJsonString());
                output.Flush();
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    private JsonObject Setup(JsonObject request, ref WorkloadSession? session)
    {
        var threads = (int)request["threads"]!;
        torch.set_num_threads(threads);
        session?.Dispose();
        session = null;
        var id = (string?)request["workload"];
        if (id is null) return Info(threads, 0);
        var workload = workloads.FirstOrDefault(w => w.Id == id) ?? throw new InvalidOperationException($"unknown workload '{id}'");
        session = new WorkloadSession(workload);
        return Info(threads, session.Parameters);
    }

    private static JsonObject Info(int threads, long parameters) => new()
    {
        ["stack"] = StackName,
        ["version"] = $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}",
        ["blas"] = "MKL (linked into libtorch_cpu.so)",
        ["threads"] = torch.get_num_threads(),
        ["requested_threads"] = threads,
        ["parameters"] = parameters,
    };

    private static JsonObject Parity(WorkloadSession session, JsonObject request)
    {
        var path = (string)request["path"]!;
        if ((bool?)request["write"] == true) session.SaveParityInputs(path);
        var (losses, vhv, norm) = session.Parity((int)request["steps"]!);
        return new JsonObject
        {
            ["losses"] = new JsonArray([.. losses.Select(l => (JsonNode)l)]),
            ["vhv"] = vhv,
            ["hv_norm"] = norm,
        };
    }

    /// <summary>Fastest of <paramref name="repeats"/> float32 size × size matmuls, after one untimed.</summary>
    public static double MatmulBest(int size, int repeats)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var a = randn([size, size], generator: generator);
        var b = randn([size, size], generator: generator);
        a.mm(b).Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            a.mm(b).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static WorkloadSession Require(WorkloadSession? session) =>
        session ?? throw new InvalidOperationException("no workload set up (send setup first)");

    private static JsonObject Timed(double seconds) => new() { ["seconds"] = seconds };

    /// <summary>Resident set size in MiB (/proc/self/status VmRSS); 0 where there is no procfs.</summary>
    public static double ResidentMegabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Minor page faults of this process so far (/proc/self/stat field 10); 0 where there is no procfs.</summary>
    public static long MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) may hold spaces; fields after it start past the closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
