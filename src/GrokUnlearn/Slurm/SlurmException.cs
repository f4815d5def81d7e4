namespace GrokUnlearn.Slurm;

/// <summary>A Slurm command failed or is missing; the message says which and what it printed.</summary>
public sealed class SlurmException(string message) : Exception(message);
