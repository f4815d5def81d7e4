namespace GrokUnlearn.Training;

/// <summary>
/// The selected steps of a run; null when the run never reached that point (the report says so). Fit, Pre and Grok are
/// the controlled protocol's; PaperPre and PaperGrok the paper protocol's (null when the profile does not ask for it).
/// </summary>
public sealed record GrokEvents(CurveRow? Fit, CurveRow? Pre, CurveRow? Grok, CurveRow? PaperPre = null, CurveRow? PaperGrok = null)
{
    /// <summary>θ_grok's step divided by fit's step: how delayed generalisation was.</summary>
    public double? DelayRatio => Fit is { Step: > 0 } && Grok is not null ? (double)Grok.Step / Fit.Step : null;
}
