using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// A task's metrics of one unlearning run: the oracle's (which set the target), before, along the curve, after; and the
/// result and curve tables they fill. Classifier tasks: UA / RA / TA / MIA (<see cref="ClassifierScorer"/>); language
/// tasks: TOFU's metrics (Language.Unlearning.LanguageScorer).
/// </summary>
public interface IUnlearnScorer
{
    void MeasureOracle(nn.Module<Tensor, Tensor> oracle, UnlearnData data);
    void MeasureBefore(nn.Module<Tensor, Tensor> model, UnlearnData data, int checkpointStep);
    void Record(nn.Module<Tensor, Tensor> model, UnlearnData data, int updates, double loss);
    void MeasureAfter(nn.Module<Tensor, Tensor> model, UnlearnData data);

    /// <summary>The run had no starting checkpoint: a result row that says so, with no metrics.</summary>
    void NotReached(string status);

    /// <summary>One log line of the outcome.</summary>
    string Summary(double seconds);

    /// <summary>Writes the curve, then the result table (the lock table, last).</summary>
    Task WriteAsync(UnlearnJob job, double seconds);
}
