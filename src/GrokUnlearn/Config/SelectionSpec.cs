namespace GrokUnlearn.Config;

/// <summary>
/// The checkpoint-selection rules. Every rule reads the run's selection accuracy: validation accuracy when the dataset
/// has a validation split (carved from the training pool, never trained on), otherwise test accuracy (modular and
/// language runs). Protocol "controlled" (always): fit = first evaluation with train accuracy ≥ FitTrainAcc;
/// θ_grok = first evaluation after fit from which selection accuracy stays ≥ GrokTestAcc to the end of the run;
/// θ_pre = the best selection accuracy in the memorisation phase, i.e. the evaluations from fit onward (train fitted)
/// while selection accuracy is still below its value at fit + PreMargin (before the delayed jump). Protocol "paper"
/// (when <see cref="Paper"/> is set): see <see cref="PaperProtocolSpec"/>.
/// </summary>
public sealed record SelectionSpec(double FitTrainAcc, double GrokTestAcc, double PreMargin, PaperProtocolSpec? Paper = null)
{
    /// <summary>
    /// Also publish every N-th evaluation as checkpoint traj-k (the unlearn section's trajectory; 0 = none). Set by the
    /// pipeline on the runs the trajectory unlearns, never on oracles; part of the fingerprint only when set.
    /// </summary>
    public int TrajectoryEvery { get; init; }

    public SortedDictionary<string, object> Parameters()
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["fit_train_acc"] = FitTrainAcc,
            ["grok_test_acc"] = GrokTestAcc,
            ["pre_margin"] = PreMargin,
        };
        if (Paper is { } paper)
        {
            p["paper.patience"] = paper.Patience;
            p["paper.min_delta"] = paper.MinDelta;
            p["paper.hold"] = paper.Hold;
        }
        if (TrajectoryEvery > 0) p["trajectory_every"] = TrajectoryEvery;
        return p;
    }
}

/// <summary>
/// The paper's checkpoint protocol ("we extended training beyond conventional early stopping points"). θ_pre (checkpoint
/// kind paper-pre) = where conventional early stopping would have stopped: Keras-style patience on the selection
/// accuracy — an evaluation improves when it beats the best so far by at least MinDelta; the first time Patience
/// evaluations in a row do not improve, θ_pre is the best so far, whether or not the model fits its training set.
/// θ_grok (paper-grok) = a late checkpoint after sustained gains: the end of the first window, after θ_pre, of Hold
/// consecutive evaluations with selection accuracy ≥ the grok threshold.
/// </summary>
public sealed record PaperProtocolSpec(int Patience, double MinDelta, int Hold);
