using GrokUnlearn.Config;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Everything one unlearning run needs, resolved by the pipeline before it starts: identity, the method and shared
/// settings, the starting checkpoint (null when the training run never reached it) and the oracle's final checkpoint,
/// and where the outputs go with the metadata (fingerprint, provenance) their Parquet footers carry.
/// <see cref="ForgottenClasses"/> lists the classes a full-class scenario forgets entirely (empty otherwise).
/// <see cref="ExtractionOnly"/>: a language cell of the Table 2 design measures Extraction Strength on the forget and
/// retain sets only (what that table compares), not TOFU's generation metrics.
/// </summary>
public sealed record UnlearnJob(
    string Id,
    string Run,
    string Dataset,
    int Seed,
    string Checkpoint,
    string StartLabel,
    string Scenario,
    MethodSpec Method,
    UnlearnSettings Settings,
    double TargetTolerance,
    int Threads,
    (int Step, string Path)? Start,
    string? OraclePath,
    string ResultTable,
    string CurveTable,
    string ModelPath,
    Func<int, Dictionary<string, string>> Metadata,
    IReadOnlyList<int>? ForgottenClasses = null,
    bool ExtractionOnly = false);
