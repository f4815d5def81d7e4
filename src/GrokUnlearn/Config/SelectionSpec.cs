namespace GrokUnlearn.Config;

/// <summary>
/// The checkpoint-selection rule. fit: first evaluation with train accuracy ≥ FitTrainAcc.
/// θ_grok: first evaluation after fit from which test accuracy stays ≥ GrokTestAcc to the end of the run.
/// θ_pre: the best test accuracy in the memorisation phase, i.e. the evaluations from fit onward (train fitted)
/// while test accuracy is still below test-at-fit + PreMargin (before the delayed jump).
/// </summary>
public sealed record SelectionSpec(double FitTrainAcc, double GrokTestAcc, double PreMargin)
{
    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["fit_train_acc"] = FitTrainAcc,
        ["grok_test_acc"] = GrokTestAcc,
        ["pre_margin"] = PreMargin,
    };
}
