namespace GrokUnlearn.Config;

/// <summary>
/// The settings every method of an unlearn section shares: how often the curve is recorded, the forget and retain batch
/// sizes (0 = whole set; <see cref="SameAsForget"/> for the retain batch: as many as the forget batch), and the BatchNorm policy
/// during updates: <see cref="BatchNormTrain"/> (batch statistics, running statistics updated — what SalUn's and
/// SCRUB's code do with model.train()) or <see cref="BatchNormFrozen"/> (running statistics of the starting checkpoint).
/// </summary>
public sealed record UnlearnSettings(int EvalEvery, int BatchSize = 0, int RetainBatchSize = 0, string BatchNorm = UnlearnSettings.BatchNormTrain)
{
    /// <summary>Retain batch size meaning "as many rows as the forget batch" (YAML: <c>same</c>).</summary>
    public const int SameAsForget = -1;

    public const string BatchNormTrain = "train";
    public const string BatchNormFrozen = "frozen";
    public static readonly string[] BatchNormPolicies = [BatchNormTrain, BatchNormFrozen];
}
