namespace GrokUnlearn.Unlearning;

/// <summary>
/// The settings every method of an unlearn section shares: how often the curve is recorded, the forget and retain batch
/// sizes (0 = whole set; <see cref="UnlearnBatches.SameAsForget"/> for the retain batch), and the BatchNorm policy
/// during updates: <see cref="BatchNormTrain"/> (batch statistics, running statistics updated — what SalUn's and
/// SCRUB's code do with model.train()) or <see cref="BatchNormFrozen"/> (running statistics of the starting checkpoint).
/// </summary>
public sealed record UnlearnSettings(int EvalEvery, int BatchSize = 0, int RetainBatchSize = 0, string BatchNorm = UnlearnSettings.BatchNormTrain)
{
    public const string BatchNormTrain = "train";
    public const string BatchNormFrozen = "frozen";
    public static readonly string[] BatchNormPolicies = [BatchNormTrain, BatchNormFrozen];
}
