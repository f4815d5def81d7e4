using System.Globalization;

namespace GrokUnlearn.Report;

/// <summary>
/// The report's abstract: ONE short paragraph a reader takes in beside the first figure — what was compared, the
/// verdict counts per claim and protocol, the direction against the paper's tables, and the language track's counts.
/// Every number comes from the same models as the sections below; the longer account (contradictions named, the
/// clearest disagreement) is <see cref="ClaimSummary.Abstract"/> and friends, shown under Verdicts as "Findings".
/// </summary>
public static class ReportAbstract
{
    public static string Write(IReadOnlyList<ClaimSummary> vision, IReadOnlyList<RunSection> runs, int methods, PaperComparisonModel paper,
        LanguageModel? language, LocalGrokModel? localGrokking)
    {
        var sentences = new List<string>();
        var main = runs.Where(r => !r.Sam && r.Unlearned && !r.Language).ToList();
        if (main.Count > 0)
            sentences.Add(F($"We applied each unlearning method with the same hyperparameters to an early-stopped (θ_pre) and a grokked (θ_grok) checkpoint of the same training run: {string.Join(", ", main.Select(r => r.Dataset).Distinct())}, {main.Select(r => r.Seed).Distinct().Count()} seed(s), {methods} method(s), a retrain-from-scratch oracle per run and scenario; {main.Count(r => r.DelayedGrok)} of {main.Count} runs grokked (θ_grok at least 3× as late as the fit)."));
        if (vision.Count > 0)
            sentences.Add("Verdicts per claim (supported / not supported / inconclusive; paired over seeds, α = 0.05): " + Counts(vision) + ".");
        foreach (var c in paper.Counts)
            sentences.Add(F($"Against the paper's own tables ({c.Protocol} protocol), our θ_grok − θ_pre points the paper's way in {c.Agree} of {c.Compared} comparisons ({c.AgreeSignificant} at p < 0.05) and the other way in {c.Opposite} ({c.OppositeSignificant})."));
        var lm = runs.Where(r => r.Language && r.Unlearned).ToList();
        if (language is { Summaries.Count: > 0 })
            sentences.Add(F($"Language track ({string.Join(", ", lm.Select(r => r.Dataset).Distinct())}, {lm.Count} run(s), {lm.Count(r => r.DelayedGrok)} grokked by the 3× rule): ") + Counts(language.Summaries) + ".");
        if (localGrokking is { } t)
            sentences.Add(F($"In the paper's Table 2 design (locally grokked vs ungrokked forget sets), the sign of grokked − ungrokked matches the paper's in {t.Agreement.Agree} of {t.Agreement.Compared} cells ({t.Agreement.AgreeSignificant} at p < 0.05) and is opposite in {t.Agreement.Opposite} ({t.Agreement.OppositeSignificant})."));
        if (sentences.Count == 0) sentences.Add("This profile has no unlearning results, so no claim of the paper was tested.");
        return string.Join(" ", sentences);
    }

    /// <summary>"controlled protocol: efficiency 0/6/24, accuracy lost 15/21/24; paper protocol: …" (protocols never pooled).</summary>
    private static string Counts(IReadOnlyList<ClaimSummary> summaries) => string.Join("; ", summaries.GroupBy(s => s.Protocol)
        .Select(g => $"{g.Key} protocol: " + string.Join(", ", g.Select(s => F($"{ClaimSummary.ShortName(s.Claim, withNumber: false)} {s.Supported}/{s.NotSupported}/{s.Inconclusive}")))));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
