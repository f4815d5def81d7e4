using GrokUnlearn.Config;

namespace GrokUnlearn.Analysis;

/// <summary>
/// One analysis, resolved by the pipeline: identity, the state to measure (a checkpoint or an unlearned model; null when
/// the run never reached it), the CKA partner and its label, the settings, and where the measures go.
/// </summary>
public sealed record AnalyzeJob(
    string Id,
    string Run,
    string Dataset,
    string Recipe,
    int Seed,
    string Checkpoint,
    string StartLabel,
    string Scenario,
    string Method,
    AnalyzeSpec Spec,
    int Threads,
    string? ModelPath,
    string? PartnerPath,
    string? PartnerLabel,
    string MeasureTable,
    Func<int, Dictionary<string, string>> Metadata);
