using System.Globalization;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Report;

/// <summary>Verdict counts per claim and checkpoint protocol (never pooled), and the abstract written from them.</summary>
public sealed record ClaimSummary(string Claim, int Supported, int NotSupported, int Inconclusive)
{
    /// <summary>"controlled" (θ_pre after the fit) or "paper" (θ_pre by early stopping on validation).</summary>
    public string Protocol { get; init; } = "controlled";

    public int Total => Supported + NotSupported + Inconclusive;

    /// <summary>The claim without its number ("1 efficiency" → "efficiency").</summary>
    public string Name => Claim[(Claim.IndexOf(' ') + 1)..] + (Protocol == "paper" ? ClaimVerdicts.PaperProtocolLabel : "");

    /// <summary>"2a collateral damage: accuracy lost" → "2a accuracy lost" (or "accuracy lost" without the number).</summary>
    public static string ShortName(string claim, bool withNumber)
    {
        var space = claim.IndexOf(' ');
        var name = claim[(space + 1)..];
        var colon = name.LastIndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0) name = name[(colon + 2)..];
        return withNumber && space > 0 ? claim[..space] + " " + name : name;
    }

    public static string ProtocolOf(ClaimRow row) => row.Metric.EndsWith(ClaimVerdicts.PaperProtocolLabel, StringComparison.Ordinal) ? "paper" : "controlled";

    public static IReadOnlyList<ClaimSummary> Of(IReadOnlyList<ClaimRow> rows) =>
        rows.GroupBy(r => (r.Claim, Protocol: ProtocolOf(r))).OrderBy(g => g.Key.Protocol == "paper" ? 1 : 0).ThenBy(g => g.Key.Claim, StringComparer.Ordinal)
            .Select(g => new ClaimSummary(g.Key.Claim, g.Count(r => r.Verdict == ClaimVerdicts.Supported),
                g.Count(r => r.Verdict == ClaimVerdicts.NotSupported), g.Count(r => r.Verdict == ClaimVerdicts.Inconclusive)) { Protocol = g.Key.Protocol })
            .ToList();

    public static IReadOnlyList<string> Abstract(IReadOnlyList<ClaimSummary> summaries, IReadOnlyList<RunSection> runs, IReadOnlyList<UnlearnResultRow> results)
    {
        var main = runs.Where(r => !r.Sam && r.Unlearned && !r.Language).ToList();
        var language = runs.Where(r => r.Language && r.Unlearned).ToList();
        var grokked = main.Count(r => r.DelayedGrok);
        var sam = runs.Count(r => r.Sam);
        var datasets = string.Join(", ", main.Select(r => r.Dataset).Distinct());
        var trainOnly = runs.Where(r => !r.Unlearned).ToList();
        var methods = results.Select(r => r.Method).Distinct().Count();
        var seeds = main.Select(r => r.Seed).Distinct().Count();
        var paragraphs = new List<string>
        {
            (main.Count > 0
                ? F($"We re-ran the paper's comparison — the same unlearning method with the same hyperparameters applied to an early-stopped (θ_pre) and a grokked (θ_grok) checkpoint of the same training run — on {datasets}, with {seeds} training seed(s), {methods} unlearning method(s) and a retrain-from-scratch oracle per run and scenario. {grokked} of {main.Count} training runs grokked (θ_grok at least 3× as late as the fit).")
                : "") +
                (sam > 0 ? F($" {sam} sharpness-aware (SAM) control run(s) were stopped before grokking by design: their θ_pre is the flat-but-not-grokked starting point.") : "") +
                (trainOnly.Count > 0 ? F($" A further {trainOnly.Count} run(s) on {string.Join(", ", trainOnly.Select(r => r.Dataset).Distinct())} ({string.Join(", ", trainOnly.Select(r => r.Model).Distinct())}) were trained and reported but not unlearned; {trainOnly.Count(r => r.DelayedGrok)} of them grokked.") : "") +
                (language.Count > 0 ? F($"{(main.Count > 0 ? " " : "")}The language track ({string.Join(", ", language.Select(r => r.Dataset).Distinct())}: {language.Count} run(s), {language.Count(r => r.DelayedGrok)} grokked by the same 3× rule, {language.Count(r => r.Grok is not null)} reached the held-out threshold at all) has its own section with TOFU's metrics and its own verdicts (below); it is not counted in the vision verdicts.") : ""),
        };
        if (summaries.Count == 0)
        {
            paragraphs.Add("No claim could be evaluated: the profile has no unlearning results.");
            return paragraphs;
        }
        var parts = summaries.Select(s => F($"{s.Name}: {s.Supported} of {s.Total} comparisons supported, {s.NotSupported} not supported, {s.Inconclusive} inconclusive"));
        paragraphs.Add("By the verdict rule below (paired over seeds, α = 0.05): " + string.Join("; ", parts) + ".");
        var strongest = summaries.OrderByDescending(s => s.Total == 0 ? 0 : (double)s.NotSupported / s.Total).First();
        if (strongest.NotSupported > strongest.Supported)
            paragraphs.Add(F($"The clearest disagreement with the paper is on {strongest.Name}: {strongest.NotSupported} comparisons point significantly the other way."));
        var best = summaries.OrderByDescending(s => s.Total == 0 ? 0 : (double)s.Supported / s.Total).First();
        if (best.Supported > best.NotSupported)
            paragraphs.Add(F($"The strongest agreement is on {best.Name}: {best.Supported} of {best.Total} comparisons support it.") +
                (best.Claim.StartsWith("2b", StringComparison.Ordinal) ? " (Accuracy kept after unlearning favours θ_grok by construction where θ_pre never generalised; see accuracy lost.)" : ""));
        return paragraphs;
    }

    /// <summary>One paragraph with the language track's verdict counts (its own claims; never pooled with the vision track's).</summary>
    public static IReadOnlyList<string> LanguageAbstract(LanguageModel? language)
    {
        if (language is null || language.Summaries.Count == 0) return [];
        var seeds = language.Claims.Select(c => c.Pairs).DefaultIfEmpty(0).Max();
        var parts = language.Summaries.Select(s => F($"{s.Name}: {s.Supported} of {s.Total} supported, {s.NotSupported} not supported, {s.Inconclusive} inconclusive"));
        return [F($"Language track, by the same rule (forget Extraction Strength in UA's place, retain Extraction Strength in RA's, model utility in TA's; up to {seeds} seed pair(s)): ") + string.Join("; ", parts) + "."];
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
