namespace GrokUnlearn.Config;

/// <summary>
/// A full-batch AdamW training recipe (optionally sharpness-aware) (grokking.md §2: betas (0.9, 0.98), weight decay 1) with a linear warm-up.
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
    int StopAfterGrokEvals,
    double SamRho = 0)
{
    /// <summary>Sharpness-aware minimization (Foret et al. 2021) is on when ρ &gt; 0: each step takes the gradient at the
    /// worst-case neighbour θ + ρ·g/‖g‖ and applies it at θ (twice the cost of a plain step).</summary>
    public bool Sam => SamRho > 0;

    public const string Optimizer = "adamw";

    public SortedDictionary<string, object> Parameters() => new SortedDictionary<string, object>(StringComparer.Ordinal)
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
    }.WithSam(SamRho);
}

internal static class RecipeParameters
{
    /// <summary>ρ enters the fingerprint only when SAM is on, so plain recipes keep the fingerprints they had.</summary>
    public static SortedDictionary<string, object> WithSam(this SortedDictionary<string, object> p, double rho)
    {
        if (rho > 0) p["sam_rho"] = rho;
        return p;
    }
}
