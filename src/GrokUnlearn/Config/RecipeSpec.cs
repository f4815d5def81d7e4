namespace GrokUnlearn.Config;

/// <summary>
/// A training recipe. Defaults are the modular-arithmetic regime (grokking.md §2: full-batch AdamW, betas (0.9, 0.98),
/// weight decay 1, linear warm-up, cross-entropy); image recipes add minibatches (sampled with replacement, as Omnigrok),
/// SGD with momentum and a cosine schedule (the paper's CIFAR recipe), MSE on one-hot targets, and the Grokfast EMA
/// gradient filter (Lee et al. 2024). Evaluation, snapshot and resume intervals are in optimizer steps.
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
    double SamRho = 0,
    string Optimizer = RecipeSpec.AdamW,
    double Momentum = 0,
    string Schedule = RecipeSpec.Constant,
    string Loss = RecipeSpec.CrossEntropy,
    int BatchSize = 0,
    double GrokfastAlpha = 0,
    double GrokfastLambda = 0)
{
    public const string AdamW = "adamw";
    public const string Sgd = "sgd";
    public const string Constant = "constant";
    public const string Cosine = "cosine";
    public const string CrossEntropy = "cross_entropy";
    public const string Mse = "mse";

    public static readonly IReadOnlyList<string> Optimizers = [AdamW, Sgd];
    public static readonly IReadOnlyList<string> Schedules = [Constant, Cosine];
    public static readonly IReadOnlyList<string> Losses = [CrossEntropy, Mse];

    /// <summary>Sharpness-aware minimization (Foret et al. 2021) is on when ρ &gt; 0: each step takes the gradient at the
    /// worst-case neighbour θ + ρ·g/‖g‖ and applies it at θ (twice the cost of a plain step).</summary>
    public bool Sam => SamRho > 0;

    /// <summary>Grokfast-EMA is on when λ &gt; 0: grad += λ·EMA_α(grad).</summary>
    public bool Grokfast => GrokfastLambda > 0;

    /// <summary>0 = full batch.</summary>
    public bool FullBatch => BatchSize == 0;

    /// <summary>
    /// The learning rate at a step (1-based): linear warm-up to Lr over WarmupSteps, then constant, or cosine decay to 0 at MaxSteps.
    /// </summary>
    public double LearningRate(int step)
    {
        if (WarmupSteps > 0 && step <= WarmupSteps) return Lr * step / WarmupSteps;
        if (Schedule != Cosine) return Lr;
        var span = Math.Max(1, MaxSteps - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return Lr * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>The fingerprinted values. Options at their defaults are left out, so recipes that do not use them keep the
    /// fingerprints they had before the options existed.</summary>
    public SortedDictionary<string, object> Parameters()
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["optimizer"] = Optimizer,
            ["lr"] = Lr,
            ["weight_decay"] = WeightDecay,
            ["warmup_steps"] = WarmupSteps,
            ["max_steps"] = MaxSteps,
            ["eval_every"] = EvalEvery,
            ["checkpoint_every"] = CheckpointEvery,
            ["stop_after_grok_evals"] = StopAfterGrokEvals,
        };
        if (Optimizer == AdamW)
        {
            p["beta1"] = Beta1;
            p["beta2"] = Beta2;
            p["eps"] = Eps;
        }
        else p["momentum"] = Momentum;
        if (SamRho > 0) p["sam_rho"] = SamRho;
        if (Schedule != Constant) p["schedule"] = Schedule;
        if (Loss != CrossEntropy) p["loss"] = Loss;
        if (BatchSize > 0) p["batch_size"] = BatchSize;
        if (Grokfast)
        {
            p["grokfast_alpha"] = GrokfastAlpha;
            p["grokfast_lambda"] = GrokfastLambda;
        }
        return p;
    }
}
