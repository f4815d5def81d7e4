using GrokUnlearn.Benchmarks;
using GrokUnlearn.Report;

namespace GrokUnlearn.Tests.Unit.Report;

public sealed class PerformanceTablesTests
{
    private static ComparisonRow Own(string workload, string measure, double ratio, double percentOfPeak = 0, double costInSteps = 0,
        string status = "measured") => new()
    {
        Workload = workload, Stack = BenchmarkStack.TorchSharp, Measure = measure, Status = status, PerSecond = ratio > 0 ? 10 : 0,
        // Against the stock peer it is twice as fast: goal 1 must read the tuned peer's ratio, not this one.
        RatioVsTuned = ratio, RatioVsReference = 2 * ratio, PercentOfPeak = percentOfPeak, CostInSteps = costInSteps,
    };

    private static ThroughputRow Run(double evalShare) => new() { Dataset = "d", Model = "m", Recipe = "r", EvalShare = evalShare };

    [Fact]
    public void Should_Check_Each_Goal_Against_Its_Threshold()
    {
        var rows = new List<ComparisonRow>
        {
            Own("A", "step", 1.12, percentOfPeak: 65),
            Own("B", "step", 1.81),
            Own("C", "step", 1.05, percentOfPeak: 30),
            Own("E", "step_same_batch", 1.2),
            Own("E", "hvp", 1.3, costInSteps: 1.45),
            new() { Workload = "A", Stack = BenchmarkStack.PyTorchOpenBlasTuned, Measure = "step", Status = "measured", PerSecond = 9, RatioVsTuned = 1 },
        };

        var goals = PerformanceTables.Goals(rows, [Run(0.01), Run(0.063)]);

        // C is 1.05× the tuned peer (2.1× the stock one) and 30% of the peak; one HVP is 1.45 steps (goal: ≤ 1.5).
        Assert.Equal(["not met", "not met", "met", "met"], goals.Select(g => g.Verdict));
        Assert.Equal("A 1.12×, B 1.81×, C 1.05×, E (step on the HVP batch) 1.20×, E (HVP) 1.30×", goals[0].Measured);
        Assert.Equal("A 65%, C 30%", goals[1].Measured);
        Assert.Equal("d/m/r 1.0%, d/m/r 6.3%", goals[2].Measured);
        Assert.Equal("E 1.45×", goals[3].Measured);
    }

    [Fact]
    public void Hvp_Goal_Should_Not_Be_Met_Above_One_And_A_Half_Steps()
    {
        var goals = PerformanceTables.Goals([Own("E", "hvp", 1.2, costInSteps: 1.61)], []);

        Assert.Equal(("not met", "E 1.61×"), (goals[3].Verdict, goals[3].Measured));
    }

    [Fact]
    public void Should_Say_Met_Only_Where_Measured_When_A_Workload_Is_Missing()
    {
        var rows = new List<ComparisonRow>
        {
            Own("A", "step", 1.2, percentOfPeak: 55),
            Own("D", "step", 0, status: "not available: the hand-written transformer arrives with the language track (issue 5)"),
        };

        var goals = PerformanceTables.Goals(rows, []);

        Assert.Equal(("met where measured", "A 1.20×; not measured: D"), (goals[0].Verdict, goals[0].Measured));
        Assert.Equal(("met where measured", "A 55%; not measured: D"), (goals[1].Verdict, goals[1].Measured));
        Assert.Equal("not measured for this profile", goals[2].Verdict);
        Assert.Equal(("not met", "not measured: E"), (goals[3].Verdict, goals[3].Measured));
    }
}
