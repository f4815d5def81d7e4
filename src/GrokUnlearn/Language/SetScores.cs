namespace GrokUnlearn.Language;

/// <summary>TOFU's numbers for one evaluation set, with the per-question truth ratios that forget quality compares.</summary>
public sealed record SetScores(
    int Questions,
    double Probability,
    double Rouge,
    double TruthRatio,
    double TruthRatioScore,
    double ExtractionStrength,
    double ExactMemorisation,
    IReadOnlyList<double> TruthRatios);
