using System.Globalization;

namespace GrokUnlearn.Config;

/// <summary>
/// The paper's Table 2 design (<c>language_unlearn.local_grokking</c>): from ONE training run, label every trained author
/// question "locally grokked" (its loss at a candidate checkpoint is already within <see cref="GrokkedWithin"/> of its
/// final loss) or "locally ungrokked" (its loss falls by more than <see cref="UngrokkedDrop"/> after the candidate);
/// draw <see cref="Draws"/> forget sets of each size that are all grokked or all ungrokked; unlearn each from the run's
/// final checkpoint with <see cref="Methods"/> (the section's methods, same hyperparameters); compare Extraction Strength
/// on the forget set and on the retain set (the rest of the training set).
/// </summary>
/// <param name="Seeds">The training seeds whose runs are labelled; null = each language run's first seed.</param>
/// <param name="CandidateFraction">The candidate checkpoint as a fraction of the run's length; null = the run's fit step.</param>
public sealed record LocalGrokSpec(
    IReadOnlyList<int>? Seeds,
    double? CandidateFraction,
    double GrokkedWithin,
    double UngrokkedDrop,
    IReadOnlyList<int> Sizes,
    int Draws,
    int Seed,
    IReadOnlyList<MethodSpec> Methods)
{
    /// <summary>The candidate setting as written: "fit" or the fraction.</summary>
    public string Candidate => CandidateFraction is { } f ? f.ToString("R", CultureInfo.InvariantCulture) : "fit";

    /// <summary>The starting checkpoint every local-grokking cell unlearns (the paper unlearns its trained model).</summary>
    public const string Checkpoint = "final";

    /// <summary>What the labels cell's fingerprint includes (methods are in each unlearn cell's own).</summary>
    public SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["candidate"] = Candidate,
        ["grokked_within"] = GrokkedWithin,
        ["ungrokked_drop"] = UngrokkedDrop,
        ["sizes"] = Sizes,
        ["draws"] = Draws,
        ["seed"] = Seed,
    };
}
