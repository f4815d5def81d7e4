namespace GrokUnlearn.Config;

/// <summary>
/// A full-batch AdamW training recipe (grokking.md §2: betas (0.9, 0.98), weight decay 1) with a linear warm-up.
/// Evaluation, snapshot and resume intervals are in optimizer steps.
/// </summary>
public sealed record RecipeSpec(
    string Name,
    double Lr,
    double Beta1,
    double Beta2,
    double Eps,
    double WeightDecay,
    int WarmupSteps,
    int MaxSteps,
    int EvalEvery,
    int CheckpointEvery,
    int StopAfterGrokEvals)
{
    public const string Optimizer = "adamw";

    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["optimizer"] = Optimizer,
        ["lr"] = Lr,
        ["beta1"] = Beta1,
        ["beta2"] = Beta2,
        ["eps"] = Eps,
        ["weight_decay"] = WeightDecay,
        ["warmup_steps"] = WarmupSteps,
        ["max_steps"] = MaxSteps,
        ["eval_every"] = EvalEvery,
        ["checkpoint_every"] = CheckpointEvery,
        ["stop_after_grok_evals"] = StopAfterGrokEvals,
    };
}
