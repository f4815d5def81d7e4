namespace GrokUnlearn.Pipeline;

/// <summary>A stage was asked to run but an upstream output it needs is missing or stale.</summary>
public sealed class StageInputException(string message) : Exception(message);
