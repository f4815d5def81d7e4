namespace GrokUnlearn.Pipeline;

/// <summary>
/// Structured progress of a stage for a live display, beside the log lines (which stay as they are): the cells of each
/// phase, which ones run, and how far a training cell has got. Reported by <see cref="StageRunner"/> and the trainer.
/// </summary>
public interface IStageProgress
{
    /// <summary>A phase of a stage begins (one <see cref="StageRunner.RunAsync{TCell}"/>): its cells, fresh ones included.</summary>
    void PhaseStarted(string stage, string what, IReadOnlyList<string> cells);

    void CellStarted(string cellId);

    /// <summary>A running cell has done <paramref name="step"/> of at most <paramref name="maxSteps"/> steps.</summary>
    void CellStep(string cellId, long step, long maxSteps);

    /// <summary>The cell is settled in this phase: up to date, finished, failed, or left to another process.</summary>
    void CellSettled(string cellId);
}

/// <summary>
/// Where progress goes: null (the default, and whenever output is not a terminal) costs nothing and shows nothing;
/// the CLI sets a live display on a terminal, or an event writer in a --jobs worker whose parent shows one.
/// </summary>
public static class StageProgress
{
    public static IStageProgress? Sink { get; set; }
}
