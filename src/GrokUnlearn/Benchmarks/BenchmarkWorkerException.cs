namespace GrokUnlearn.Benchmarks;

/// <summary>A benchmark worker could not start, died, or reported an error; the message names the stack and command.</summary>
public sealed class BenchmarkWorkerException(string message) : Exception(message);
