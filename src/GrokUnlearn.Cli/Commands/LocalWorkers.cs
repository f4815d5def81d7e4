using System.Diagnostics;
using GrokUnlearn.Pipeline;

namespace GrokUnlearn.Cli.Commands;

/// <summary>
/// The local executor's concurrency (<c>--jobs N</c>): the stage verb starts N worker processes running the same
/// command. Each worker walks the stage's cells in order and runs the ones it can lock; a cell another worker holds is
/// that worker's (<see cref="StageRunner.ShareWork"/>), and every phase (oracles before the cells that need them)
/// ends only when all its cells are done. Processes, not threads: each cell keeps the profile's thread count and its
/// own libtorch state, so a result never depends on N.
/// </summary>
public static class LocalWorkers
{
    /// <summary>N from --jobs, else the machine's cores divided by the profile's threads per cell (at least 1).</summary>
    public static int Jobs(PipelineSettings settings, int threadsPerCell) =>
        settings.Jobs ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, threadsPerCell));

    /// <summary>
    /// In a worker: switch the stage runner to shared work and return null (the verb runs its stage here). In the parent
    /// of a --jobs run with N &gt; 1: start the workers, forward their output line by line, and return the exit code.
    /// With N = 1: null (the verb runs its stage here, as always).
    /// </summary>
    /// <param name="cells">The stage's selected cells: workers start only for stale ones (never more workers than those).</param>
    public static async Task<int?> RunAsync(PipelineSettings settings, int threadsPerCell, IEnumerable<StageCell> cells, CancellationToken ct)
    {
        if (settings.Worker is not null)
        {
            StageRunner.ShareWork = true;
            // With --force, what another worker of this run already forced is not forced again.
            if (long.TryParse(Environment.GetEnvironmentVariable(RunStartVariable), out var ticks))
                StageRunner.SharedRunStart = new DateTime(ticks, DateTimeKind.Utc);
            return null;
        }
        var n = Jobs(settings, threadsPerCell);
        if (n == 1) return null;
        // A cached stage is checked here, without starting processes that would load libtorch for nothing.
        var stale = 0;
        foreach (var cell in cells)
            if (settings.Force || !(await cell.CheckAsync()).Fresh)
                stale++;
        n = Math.Min(n, stale);
        if (n <= 1) return null;
        var args = Environment.GetCommandLineArgs();
        Console.WriteLine($"[jobs] {n} worker processes, {threadsPerCell} thread(s) per cell");
        // OpenMP threads spin while they wait: more of them than cores collapses throughput (README "Threads and --jobs").
        if (n * threadsPerCell > Environment.ProcessorCount)
            Console.Error.WriteLine($"warning: {n} workers × {threadsPerCell} threads = {n * threadsPerCell} threads on {Environment.ProcessorCount} cores; " +
                                    "set the profile's threads to cores ÷ jobs (results then differ from a run with other threads, by float rounding).");
        var start = DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workers = Enumerable.Range(1, n).Select(k => StartAsync(args, k, n, start, ct)).ToList();
        var codes = await Task.WhenAll(workers);
        var failed = codes.Select((c, i) => (Code: c, Worker: i + 1)).Where(x => x.Code != 0).ToList();
        foreach (var (code, worker) in failed)
            Console.Error.WriteLine($"[jobs] worker {worker} of {n} exited with code {code}; its failed cells are listed above (\"[j{worker}] … FAILED\").");
        return failed.Count == 0 ? 0 : 1;
    }

    /// <summary>In a worker: exits non-zero naming every cell that failed here, else 0.</summary>
    public static int Finish()
    {
        if (StageRunner.Failures.Count == 0) return 0;
        Console.Error.WriteLine($"error: {StageRunner.Failures.Count} cell(s) failed in this worker:");
        foreach (var f in StageRunner.Failures) Console.Error.WriteLine($"  {f}");
        return 1;
    }

    /// <summary>The parent's start time (UTC ticks), handed to the workers.</summary>
    private const string RunStartVariable = "GROKUNLEARN_SHARED_RUN_START";

    private static async Task<int> StartAsync(string[] args, int k, int n, string runStart, CancellationToken ct)
    {
        // The same program (the CLI's dll under `dotnet`, or an apphost) with the same arguments, as worker k of n.
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet X.dll` the dll is an argument; an apphost (GrokUnlearn.Cli, `dotnet run`) is the program itself,
        // though .NET still reports the dll as argument 0.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(args[0]);
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--worker");
        psi.ArgumentList.Add($"{k}/{n}");
        psi.Environment[RunStartVariable] = runStart;
        // A parent with a live display gets the workers' progress as event lines (LiveProgress); otherwise plain lines.
        if (StageProgress.Sink is LiveProgress.Display) psi.Environment[LiveProgress.EventsVariable] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start worker {k} of {n} ({host}).");
        var prefix = $"[j{k}] ";
        var output = Forward(process.StandardOutput, Console.Out, prefix);
        var errors = Forward(process.StandardError, Console.Error, prefix);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    private static async Task Forward(StreamReader from, TextWriter to, string prefix)
    {
        while (await from.ReadLineAsync() is { } line)
            if (!ProgressEvents.TryDispatch(line, StageProgress.Sink))
                lock (to) to.WriteLine(prefix + line);
    }
}
