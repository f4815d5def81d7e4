using GrokUnlearn.Config;
using GrokUnlearn.Training;

namespace GrokUnlearn.Tests.Unit.Training;

public sealed class GrokDetectorTests
{
    private static readonly SelectionSpec Rule = new(0.99, 0.95, 0.05);

    private static List<CurveRow> Curve(params (int Step, double Train, double Test)[] points) =>
        points.Select(p => new CurveRow { Step = p.Step, TrainAcc = p.Train, TestAcc = p.Test }).ToList();

    [Fact]
    public void Should_Pick_Fit_Pre_And_Grok_On_A_Hand_Made_Curve()
    {
        var curve = Curve((0, 0.01, 0.01), (100, 0.6, 0.02), (200, 0.995, 0.03), (300, 1, 0.06), (400, 1, 0.07),
            (500, 1, 0.2), (600, 1, 0.96), (700, 1, 0.94), (800, 1, 0.97), (900, 1, 0.99));

        var events = GrokDetector.Detect(curve, Rule);

        Assert.Equal(200, events.Fit!.Step);
        // Memorisation phase: test < 0.03 + 0.05 = 0.08 → steps 200..400; the best test there is step 400 (0.07).
        Assert.Equal(400, events.Pre!.Step);
        // Step 600 passes 0.95 but 700 drops below, so θ_grok is 800, from where it stays up.
        Assert.Equal(800, events.Grok!.Step);
        Assert.Equal(4.0, events.DelayRatio);
    }

    [Fact]
    public void Should_Report_Nothing_When_The_Run_Never_Fits()
    {
        var events = GrokDetector.Detect(Curve((0, 0.1, 0.1), (100, 0.5, 0.4)), Rule);

        Assert.Equal(new GrokEvents(null, null, null), events);
    }

    [Fact]
    public void Should_Not_Grok_When_Test_Accuracy_Ends_Below_Threshold()
    {
        var events = GrokDetector.Detect(Curve((100, 1, 0.2), (200, 1, 0.97), (300, 1, 0.5)), Rule);

        Assert.Equal(100, events.Fit!.Step);
        Assert.Null(events.Grok);
    }
}
