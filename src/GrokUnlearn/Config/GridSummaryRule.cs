namespace GrokUnlearn.Config;

/// <summary>
/// How one learning-rate grid point is chosen to stand for a method in the headline verdicts, declared in the profile
/// (<c>unlearn.grid_summary</c>) before any result exists, and applied to both checkpoints of a protocol together —
/// never per checkpoint. The report shows every grid point's verdicts beside the summary.
/// </summary>
public static class GridSummaryRule
{
    /// <summary>
    /// The smallest learning rate at which every seed's θ_pre and θ_grok (of the protocol compared) reach the forget
    /// target; when no grid point does, the largest (the one that comes closest).
    /// </summary>
    public const string SmallestReaching = "smallest-reaching";

    /// <summary>The primary point (the first value listed), whatever the results.</summary>
    public const string Primary = "primary";

    public static readonly string[] Names = [SmallestReaching, Primary];

    public static string Describe(string rule) => rule switch
    {
        SmallestReaching => "the smallest learning rate at which every seed's θ_pre and θ_grok (of the protocol compared) reach the forget target; when none does, the largest",
        Primary => "the first learning rate listed (the primary point), whatever the results",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown grid summary rule"),
    };
}
