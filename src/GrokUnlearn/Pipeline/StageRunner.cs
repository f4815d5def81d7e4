using System.Globalization;

namespace GrokUnlearn.Pipeline;

/// <summary>Runs the stale cells of one stage and skips the fresh ones, saying which and why (DVC's repro loop).</summary>
public sealed class StageRunner(Action<string> log)
{
    /// <summary>
    /// How long a process waits for a cell another process holds before leaving it to that process (and failing the
    /// stage, naming it). Infinite by default: a Slurm task or a second local run then finds the cell done and moves on.
    /// </summary>
    public static TimeSpan LockWait { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Set in a worker of a <c>--jobs N</c> run: cells another worker holds are skipped at once (they are its work) and
    /// waited for at the end of the phase, so the next phase finds them done; a cell that fails is recorded in
    /// <see cref="Failures"/> and the worker goes on with the cells that do not need it (a dependant then fails on
    /// its stale input and is recorded too).
    /// </summary>
    public static bool ShareWork { get; set; }

    /// <summary>
    /// Share mode with --force: when the workers started. A forced cell whose lock table was written after this was
    /// run by another worker of the same run and is not forced again.
    /// </summary>
    public static DateTime? SharedRunStart { get; set; }

    /// <summary>The cells that failed in this process (share mode): "stage/cell: first lines of the error".</summary>
    public static List<string> Failures { get; } = [];

    /// <summary>Returns the number of cells that ran.</summary>
    /// <param name="usesTorch">Whether the cells run libtorch code (all stages but the report): it is loaded before the first cell that runs.</param>
    public async Task<int> RunAsync<TCell>(string stage, IEnumerable<TCell> cells, bool force, Func<TCell, Task> run, string what = "cell(s)", bool usesTorch = true)
        where TCell : StageCell
    {
        var ran = 0;
        var all = cells.ToList();
        var busy = new List<string>();
        var shared = new List<TCell>();
        var failed = 0;
        var progress = StageProgress.Sink;
        progress?.PhaseStarted(stage, what, all.Select(c => c.Id).ToList());
        foreach (var cell in all)
        {
            var state = await cell.CheckAsync();
            if (state.Fresh && (!force || DoneInThisRun(cell)))
            {
                log($"[{stage}] {cell.Id}: up to date ({state.Reason}), skipping");
                progress?.CellSettled(cell.Id);
                continue;
            }
            if (FailedInThisRun(cell))
            {
                log($"[{stage}] {cell.Id}: failed in another worker of this run, skipping");
                shared.Add(cell);
                continue;
            }
            // One process per cell: a second one leaves it to the holder and says who that is.
            var (held, holder) = CellLock.TryAcquire(cell);
            if (held is null && ShareWork)
            {
                shared.Add(cell);
                continue;
            }
            if (held is null && LockWait != TimeSpan.Zero)
            {
                log($"[{stage}] {cell.Id}: being run by {holder}; waiting for it");
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (held is null && (LockWait == Timeout.InfiniteTimeSpan || waited.Elapsed < LockWait))
                {
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    (held, holder) = CellLock.TryAcquire(cell);
                }
            }
            if (held is null)
            {
                log($"[{stage}] {cell.Id}: being run by {holder}; leaving it to that process");
                busy.Add($"{cell.Id} (held by {holder})");
                progress?.CellSettled(cell.Id);
                continue;
            }
            using (held)
            {
                // The holder may have finished it while this process waited for the lock (or, forced, another worker ran it).
                if (!force || SharedRunStart is not null) state = await cell.CheckAsync();
                if (state.Fresh && (!force || DoneInThisRun(cell)))
                {
                    log($"[{stage}] {cell.Id}: up to date ({state.Reason}), skipping");
                    progress?.CellSettled(cell.Id);
                    continue;
                }
                log($"[{stage}] {cell.Id}: {(state.Fresh ? "forced" : "stale: " + state.Reason)} → running");
                // libtorch is loaded for the first cell that runs, never for a stage with nothing to do (a cached re-run).
                if (usesTorch) Native.TorchRuntime.EnsureLoaded(log);
                progress?.CellStarted(cell.Id);
                if (!ShareWork)
                {
                    await run(cell);
                    ran++;
                    progress?.CellSettled(cell.Id);
                    continue;
                }
                try
                {
                    await run(cell);
                    ran++;
                    progress?.CellSettled(cell.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var first = string.Join(" / ", ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(l => l.Trim()));
                    log($"[{stage}] {cell.Id}: FAILED: {first}");
                    // The other workers of this run leave it alone (its error is reported here, once).
                    if (SharedRunStart is { } start)
                        File.WriteAllText(FailedMarker(cell), start.Ticks.ToString(CultureInfo.InvariantCulture));
                    lock (Failures) Failures.Add($"{stage}/{cell.Id}: {first}");
                    failed++;
                    progress?.CellSettled(cell.Id);
                }
            }
        }
        // The phase ends when the cells other workers took are done: the next phase may need them.
        foreach (var cell in shared)
        {
            var (held, holder) = CellLock.TryAcquire(cell);
            if (held is null) log($"[{stage}] {cell.Id}: waiting for it to finish ({holder})");
            while (held is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                (held, _) = CellLock.TryAcquire(cell);
            }
            held.Dispose();
        }
        log($"[{stage}] {ran} of {all.Count} {what} ran, {all.Count - ran - busy.Count - shared.Count - failed} up to date{(failed > 0 ? $", {failed} FAILED" : "")}{(busy.Count > 0 ? $", {busy.Count} left to another process" : "")}{(shared.Count > 0 ? $", {shared.Count} run by the other workers" : "")}.");
        if (busy.Count > 0)
            throw new StageInputException($"{stage}: {busy.Count} cell(s) are being run by another process: {string.Join("; ", busy)}. Run the command again once it has finished.");
        return ran;
    }

    private static string FailedMarker(StageCell cell) => CellLock.PathFor(cell) + ".failed";

    private static bool FailedInThisRun(StageCell cell) =>
        SharedRunStart is { } start && File.Exists(FailedMarker(cell))
        && long.TryParse(File.ReadAllText(FailedMarker(cell)), CultureInfo.InvariantCulture, out var ticks) && ticks == start.Ticks;

    private static bool DoneInThisRun(StageCell cell) =>
        SharedRunStart is { } start && File.Exists(cell.LockTable) && File.GetLastWriteTimeUtc(cell.LockTable) >= start;

    /// <summary>Fails with a clear message unless every upstream cell is fresh.</summary>
    public static async Task RequireFreshAsync(string stage, IEnumerable<StageCell> upstream)
    {
        foreach (var cell in upstream)
        {
            var state = await cell.CheckAsync();
            if (!state.Fresh)
                throw new StageInputException(
                    $"{stage} needs {cell.Stage}/{cell.Id}, which is stale ({state.Reason}). " +
                    $"Run `./build.sh --target={char.ToUpperInvariant(cell.Stage[0])}{cell.Stage[1..]}` first (or the target you want without --exclusive).");
        }
    }
}
