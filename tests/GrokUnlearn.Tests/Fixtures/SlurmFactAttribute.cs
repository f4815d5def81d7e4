namespace GrokUnlearn.Tests.Fixtures;

/// <summary>
/// A test that starts a one-node Slurm (tests/slurm/cluster.sh): skipped, with the reason shown, where that cannot work —
/// not root, or Debian's slurmctld / slurmd / slurm-client / munge not installed (.ci/run installs them).
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.UserName != "root")
            Skip = "needs root to start slurmd (CI runs as root); the Slurm integration test did not run";
        else if (new[] { "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "munged" }.FirstOrDefault(t => !OnPath(t)) is { } missing)
            Skip = $"{missing} is not installed (Debian: apt-get install slurmctld slurmd slurm-client munge); the Slurm integration test did not run";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Any(d => File.Exists(Path.Combine(d, tool)));
}
