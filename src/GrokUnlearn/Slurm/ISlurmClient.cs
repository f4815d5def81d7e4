namespace GrokUnlearn.Slurm;

/// <summary>What GrokUnlearn asks of Slurm: submit a script, list the queue, ask after a finished job.</summary>
public interface ISlurmClient
{
    /// <summary>sbatch --parsable: the new job's id.</summary>
    Task<string> SubmitAsync(string script, CancellationToken ct = default);

    /// <summary>squeue, one entry per job or array task ("12" or "12_3") with its state (PENDING, RUNNING, …).</summary>
    Task<IReadOnlyDictionary<string, string>> QueueAsync(CancellationToken ct = default);

    /// <summary>The state Slurm still remembers for a job or array task ("12_3"): COMPLETED, FAILED, CANCELLED, …; null when unknown.</summary>
    Task<string?> StateAsync(string jobId, CancellationToken ct = default);
}
