namespace GrokUnlearn.Metrics;

/// <summary>
/// The paper's unlearning effectiveness score UES = (UA_o − UA_u) / ((TA_o − TA_u)(RA_o − RA_u)), with o the starting
/// checkpoint and u the unlearned model. Its denominator vanishes or changes sign when a method costs no (or
/// negative) test or retain accuracy, so it is reported as null and flagged unstable when |denominator| &lt; 1e-4.
/// </summary>
public static class Ues
{
    public const double MinDenominator = 1e-4;

    public static (double? Value, bool Unstable) Compute(double uaBefore, double ua, double taBefore, double ta, double raBefore, double ra)
    {
        var denominator = (taBefore - ta) * (raBefore - ra);
        return Math.Abs(denominator) < MinDenominator ? (null, true) : ((uaBefore - ua) / denominator, denominator < 0);
    }
}
