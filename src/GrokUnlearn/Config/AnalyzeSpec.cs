namespace GrokUnlearn.Config;

/// <summary>
/// The profile's <c>analyze</c> section (grokking.md §3): which states are measured and with how many samples.
/// Every starting checkpoint of the unlearn section is measured before unlearning, and after each method in
/// <see cref="AfterMethods"/>. Sample draws depend on the dataset, scenario and seed only, so θ_pre, θ_grok and every
/// method see the same inputs.
/// </summary>
public sealed record AnalyzeSpec(
    int Samples,
    int PairwiseExamples,
    string CkaReference,
    IReadOnlyList<string> AfterMethods,
    int LcDirections,
    IReadOnlyList<double> LcRadii,
    int HessianIterations,
    double HessianTolerance,
    int TraceSamples,
    int TraceMinSamples,
    double TraceTolerance,
    double TopUnitFraction,
    int TopFrequencies)
{
    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["samples"] = Samples,
        ["pairwise_examples"] = PairwiseExamples,
        ["cka_reference"] = CkaReference,
        ["local_complexity.directions"] = LcDirections,
        ["local_complexity.radii"] = LcRadii,
        ["hessian.max_iterations"] = HessianIterations,
        ["hessian.tolerance"] = HessianTolerance,
        ["hessian.trace_samples"] = TraceSamples,
        ["hessian.trace_min_samples"] = TraceMinSamples,
        ["hessian.trace_tolerance"] = TraceTolerance,
        ["top_unit_fraction"] = TopUnitFraction,
        ["top_frequencies"] = TopFrequencies,
    };
}
