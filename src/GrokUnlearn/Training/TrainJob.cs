using GrokUnlearn.Config;

namespace GrokUnlearn.Training;

/// <summary>
/// One training run as the Trainer needs it, resolved by the pipeline: identity, the run (model, recipe), seed,
/// selection rule, threads, the fingerprint a resume point must carry, the metadata its tables carry, and its paths.
/// </summary>
public sealed record TrainJob(
    string Id,
    TrainRunSpec Run,
    int Seed,
    SelectionSpec Selection,
    int Threads,
    string Fingerprint,
    Func<int, Dictionary<string, string>> Metadata,
    TrainPaths Paths);

/// <summary>
/// Where a run's outputs go: its folder, the work/ folder it trains in, the published checkpoints, the curve, the
/// manifest (lock table) and the per-example loss curve (written only for a task that records one).
/// </summary>
public sealed record TrainPaths(string Dir, string WorkDir, string CheckpointsDir, string CurveTable, string CheckpointTable, string ExampleLossTable);
