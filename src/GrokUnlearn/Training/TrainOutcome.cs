namespace GrokUnlearn.Training;

/// <summary>What a finished training run published.</summary>
public sealed record TrainOutcome(IReadOnlyList<CurveRow> Curve, GrokEvents Events, IReadOnlyList<CheckpointRow> Checkpoints);
