namespace GrokUnlearn.Config;

/// <summary>
/// The profile's <c>slurm:</c> section, read when a stage runs with <c>--executor slurm</c>: where jobs go (partition,
/// account), how many array tasks may run at once (throttle, 0 = no limit), resources per stage, and extra sbatch options.
/// </summary>
public sealed record SlurmSpec(string? Partition, string? Account, int Throttle, IReadOnlyDictionary<string, SlurmStageResources> Stages,
    IReadOnlyList<string> ExtraOptions)
{
    /// <summary>The stages as Slurm sees them: one job each (arrays for train, oracle, labels, unlearn, analyze).</summary>
    public static readonly IReadOnlyList<string> StageNames = ["data", "train", "oracle", "labels", "unlearn", "analyze", "report"];

    public static SlurmSpec Default(int threads) =>
        new(null, null, 0, StageNames.ToDictionary(s => s, _ => SlurmStageResources.Default(threads)), []);

    public SlurmStageResources For(string stage) => Stages[stage];
}

/// <summary>Resources of one stage's tasks: wall time (Slurm's format, e.g. 01:00:00), memory (e.g. 4G), CPUs and GPUs per task.</summary>
public sealed record SlurmStageResources(string Time, string Memory, int CpusPerTask, int GpusPerTask)
{
    public static SlurmStageResources Default(int threads) => new("01:00:00", "4G", threads, 0);
}
