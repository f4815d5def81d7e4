using GrokUnlearn.Config;
using GrokUnlearn.Report;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The grid's pre-declared summary rule on hand-made results: one point per protocol, never per checkpoint.</summary>
public sealed class LearningRateGridTests
{
    private static readonly MethodSpec Base = new("GA", "adam", 0, 0, 0, 60, new Dictionary<string, double>());
    private static readonly IReadOnlyList<MethodSpec> Points =
    [
        Base with { Lr = 1e-4, GridKey = "lr=1e-4", Primary = false },
        Base with { Lr = 3e-4, GridKey = "lr=3e-4", Primary = true },
        Base with { Lr = 1e-3, GridKey = "lr=1e-3", Primary = false },
    ];

    private static UnlearnResultRow Row(string lr, string checkpoint, int seed, int? steps, string status = "done") => new()
    {
        Method = "GA@lr=" + lr, Checkpoint = checkpoint, Seed = seed, StepsToTarget = steps, Status = status,
    };

    /// <summary>At 1e-4 θ_pre never reaches the target for seed 1; at 3e-4 every seed's θ_pre and θ_grok do; 1e-3 too.</summary>
    private static List<UnlearnResultRow> Results() =>
    [
        Row("1e-4", "pre", 0, 40), Row("1e-4", "grok", 0, 30), Row("1e-4", "pre", 1, null), Row("1e-4", "grok", 1, 25),
        Row("3e-4", "pre", 0, 12), Row("3e-4", "grok", 0, 9), Row("3e-4", "pre", 1, 14), Row("3e-4", "grok", 1, 8),
        Row("1e-3", "pre", 0, 2), Row("1e-3", "grok", 0, 1), Row("1e-3", "pre", 1, 2), Row("1e-3", "grok", 1, 1),
        // The paper protocol: only 1e-3 gets both checkpoints of every seed there.
        Row("1e-4", "paper-pre", 0, null), Row("1e-4", "paper-grok", 0, 50), Row("1e-4", "paper-pre", 1, 44), Row("1e-4", "paper-grok", 1, 31),
        Row("3e-4", "paper-pre", 0, 20), Row("3e-4", "paper-grok", 0, null), Row("3e-4", "paper-pre", 1, 15), Row("3e-4", "paper-grok", 1, 10),
        Row("1e-3", "paper-pre", 0, 3), Row("1e-3", "paper-grok", 0, 2), Row("1e-3", "paper-pre", 1, 3), Row("1e-3", "paper-grok", 1, 2),
    ];

    [Fact]
    public void Smallest_Reaching_Should_Pick_The_Smallest_Rate_At_Which_Every_Seed_Reaches_From_Both_Checkpoints()
    {
        var (controlled, why) = LearningRateGrid.Choose(GridSummaryRule.SmallestReaching, Points, Results(), "pre", "grok");
        Assert.Equal("lr=3e-4", controlled.GridKey);
        Assert.Contains("all 2 seed(s)", why);

        // The same rule on the other protocol's pair can land elsewhere: it is applied per protocol, to both checkpoints.
        var (paper, _) = LearningRateGrid.Choose(GridSummaryRule.SmallestReaching, Points, Results(), "paper-pre", "paper-grok");
        Assert.Equal("lr=1e-3", paper.GridKey);
    }

    [Fact]
    public void Smallest_Reaching_Should_Fall_Back_To_The_Largest_Rate_When_No_Point_Reaches()
    {
        var none = Results().Select(r => { r.StepsToTarget = r.Checkpoint == "grok" ? null : r.StepsToTarget; return r; }).ToList();
        var (point, why) = LearningRateGrid.Choose(GridSummaryRule.SmallestReaching, Points, none, "pre", "grok");
        Assert.Equal("lr=1e-3", point.GridKey);
        Assert.Contains("the largest lr", why);
    }

    [Fact]
    public void A_Run_Without_One_Of_The_Checkpoints_Should_Not_Block_The_Other_Seeds()
    {
        // Seed 1 never grokked: its θ_grok cell has no metrics. Seed 0 reaches at 1e-4 from both.
        List<UnlearnResultRow> rows = [Row("1e-4", "pre", 0, 5), Row("1e-4", "grok", 0, 4), Row("1e-4", "pre", 1, null), Row("1e-4", "grok", 1, null, "no grok checkpoint")];
        var (point, why) = LearningRateGrid.Choose(GridSummaryRule.SmallestReaching, Points, rows, "pre", "grok");
        Assert.Equal("lr=1e-4", point.GridKey);
        Assert.Contains("all 1 seed(s)", why);
    }

    [Fact]
    public void The_Primary_Rule_Should_Ignore_The_Results()
    {
        var (point, _) = LearningRateGrid.Choose(GridSummaryRule.Primary, Points, Results(), "pre", "grok");
        Assert.Equal("lr=3e-4", point.GridKey);
    }
}
