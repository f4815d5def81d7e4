namespace GrokUnlearn.Pipeline;

/// <summary>
/// The forget set an unlearn cell removes: a scenario's persisted split (<see cref="ForgetSplitCell"/>) or one of the
/// Table 2 design's local-grokking sets (<see cref="LocalForgetSet"/>). The upstream cell must be fresh before it is read.
/// </summary>
public interface IForgetSource
{
    /// <summary>The scenario name in cell ids and result rows (partial50, forget10, grokked-n9-d1, …).</summary>
    string Name { get; }

    /// <summary>The cell that persists the set.</summary>
    StageCell Cell { get; }

    /// <summary>The unlearn cell's fingerprint input: its key and value.</summary>
    (string Key, string Fingerprint) Input { get; }

    /// <summary>Classes a full-class scenario forgets entirely (empty otherwise).</summary>
    IReadOnlyList<int> ForgottenClasses { get; }

    /// <summary>The forget set's row indices; empty with a reason when the set could not be drawn.</summary>
    Task<(IReadOnlySet<int> Forget, string? NotDrawn)> ReadAsync();
}
