namespace GrokUnlearn.Slurm;

/// <summary>
/// A cell's state across the cache and Slurm: done (fresh in the cache), queued / running (its task is in squeue),
/// failed (its task ended — FAILED, CANCELLED, TIMEOUT, … or COMPLETED without a fresh output), or not submitted.
/// </summary>
public static class SlurmCellStatus
{
    public static async Task<string> DescribeAsync(string cellId, bool fresh, SlurmJobLog jobs, IReadOnlyDictionary<string, string> queue,
        ISlurmClient client, CancellationToken ct = default)
    {
        if (fresh) return "done";
        var record = jobs.LatestFor(cellId);
        if (record?.TaskOf(cellId) is not { } task) return "not submitted";
        // A single-job stage (data, report) is one queue entry; an array task may also appear as its whole job while pending.
        if (queue.TryGetValue(task, out var state) || queue.TryGetValue(record.JobId, out state))
            return state switch
            {
                "PENDING" or "CONFIGURING" or "REQUEUED" => $"queued ({task})",
                "RUNNING" or "COMPLETING" => $"running ({task})",
                _ => $"{state.ToLowerInvariant()} ({task})",
            };
        var ended = await client.StateAsync(task, ct);
        return ended switch
        {
            null => $"failed: job {task} is gone from Slurm (e.g. cancelled before it started) and the cell has no output",
            "COMPLETED" => $"failed: job {task} completed without a fresh output",
            _ => $"failed: job {task} {ended}",
        };
    }
}
