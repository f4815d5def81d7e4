using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Training;

namespace GrokUnlearn.Tests.Unit.Training;

/// <summary>
/// The two checkpoint protocols on hand-made curves, selection on the validation split (never on test), and the
/// validation split's place in the data.
/// </summary>
public sealed class CheckpointProtocolTests
{
    private static readonly PaperProtocolSpec Paper = new(Patience: 3, MinDelta: 0.01, Hold: 2);
    private static readonly SelectionSpec Rule = new(0.99, 0.80, 0.05, Paper);

    /// <summary>(step, train, validation, test) points.</summary>
    private static List<CurveRow> Curve(params (int Step, double Train, double Val, double Test)[] points) =>
        points.Select(p => new CurveRow { Step = p.Step, TrainAcc = p.Train, ValAcc = p.Val, TestAcc = p.Test }).ToList();

    [Fact]
    public void Paper_Protocol_Should_Stop_At_The_Early_Peak_Before_Fitting_And_Take_Grok_After_A_Held_Window()
    {
        // Figure 1(a)'s shape: validation peaks at 0.60 (step 300) before the training set is fit, memorisation dips it,
        // then the delayed rise passes 0.80 at step 1,000 and stays.
        var curve = Curve((0, 0.1, 0.10, 0.1), (100, 0.4, 0.40, 0.4), (200, 0.6, 0.55, 0.5), (300, 0.8, 0.60, 0.6), (400, 0.9, 0.59, 0.6),
            (500, 0.97, 0.55, 0.5), (600, 1, 0.50, 0.5), (700, 1, 0.52, 0.5), (800, 1, 0.70, 0.7), (900, 1, 0.79, 0.8),
            (1000, 1, 0.81, 0.8), (1100, 1, 0.84, 0.8), (1200, 1, 0.86, 0.9));

        var events = GrokDetector.Detect(curve, Rule);

        // Patience 3: no gain ≥ 0.01 over 0.60 at 400, 500, 600 → stops at 600 with the best, step 300 (train 0.8: not fit).
        Assert.Equal(300, events.PaperPre!.Step);
        Assert.True(events.PaperPre.TrainAcc < Rule.FitTrainAcc);
        // Hold 2: 1,000 and 1,100 are ≥ 0.80, so θ_grok is 1,100, the end of the window.
        Assert.Equal(1100, events.PaperGrok!.Step);
        // The controlled protocol on the same run: fit at 600; memorisation phase below 0.50 + 0.05 → 600, 700 → θ_pre 700.
        Assert.Equal(600, events.Fit!.Step);
        Assert.Equal(700, events.Pre!.Step);
        Assert.Equal(1000, events.Grok!.Step);
    }

    [Fact]
    public void Paper_Protocol_Should_Be_Defined_On_A_Slowly_Rising_Curve_Without_Any_Early_Peak()
    {
        // Omnigrok's shape: validation rises in small steps, never dips; the gains fall below min_delta for 3 evaluations
        // at 0.500 → 0.505 → 0.508 → 0.509, so early stopping fires at step 700 and keeps 400 (the best by a real gain).
        var curve = Curve((0, 0.2, 0.10, 0.1), (100, 0.6, 0.30, 0.3), (200, 0.8, 0.45, 0.45), (300, 0.95, 0.46, 0.5), (400, 1, 0.500, 0.5),
            (500, 1, 0.505, 0.5), (600, 1, 0.508, 0.5), (700, 1, 0.509, 0.5), (800, 1, 0.60, 0.6), (900, 1, 0.82, 0.8), (1000, 1, 0.83, 0.8));

        var (pre, grok) = GrokDetector.Paper(curve, Paper, 0.80);

        Assert.Equal(400, pre!.Step);
        Assert.Equal(1000, grok!.Step);
    }

    [Fact]
    public void Paper_Protocol_Should_Report_Nothing_When_Early_Stopping_Never_Fires()
    {
        var curve = Curve((0, 0.2, 0.1, 0.1), (100, 0.6, 0.3, 0.3), (200, 0.9, 0.5, 0.5), (300, 1, 0.7, 0.7));

        Assert.Equal((null, null), GrokDetector.Paper(curve, Paper, 0.80));
    }

    [Fact]
    public void Selection_Should_Read_Validation_And_Never_Test_When_A_Validation_Split_Exists()
    {
        // Given two runs with the same train and validation accuracies and wildly different test accuracies.
        var a = Curve((0, 0.1, 0.1, 0.1), (100, 1, 0.3, 0.9), (200, 1, 0.33, 0.1), (300, 1, 0.5, 0.95), (400, 1, 0.85, 0.2), (500, 1, 0.9, 0.99));
        var b = a.Select(r => new CurveRow { Step = r.Step, TrainAcc = r.TrainAcc, ValAcc = r.ValAcc, TestAcc = 1 - r.TestAcc }).ToList();

        var ea = GrokDetector.Detect(a, Rule);
        var eb = GrokDetector.Detect(b, Rule);

        // Then every selected step is the same: test accuracy is never read.
        Assert.Equal((ea.Fit?.Step, ea.Pre?.Step, ea.Grok?.Step, ea.PaperPre?.Step, ea.PaperGrok?.Step),
            (eb.Fit?.Step, eb.Pre?.Step, eb.Grok?.Step, eb.PaperPre?.Step, eb.PaperGrok?.Step));
        Assert.Equal((100, 200, 400), (ea.Fit!.Step, ea.Pre!.Step, ea.Grok!.Step));
        // Without a validation split selection falls back to test accuracy (modular and language runs).
        Assert.Equal(0.9, new CurveRow { TestAcc = 0.9 }.SelectionAcc);
    }

    [Fact]
    public void The_Validation_Split_Should_Never_Overlap_Train_Or_Test_And_Leave_The_Training_Subset_Unchanged()
    {
        var spec = new ImageDatasetSpec("d", "fashion-mnist", TrainSubset: 50, TestSubset: 30, SplitSeed: 4, Normalize: false);
        var train = new ImageSet(1, 2, 2, new byte[200 * 4], [.. Enumerable.Range(0, 200).Select(i => i % 10)], 10);
        var test = new ImageSet(1, 2, 2, new byte[100 * 4], [.. Enumerable.Range(0, 100).Select(i => i % 10)], 10);

        var without = ImageSubset.Rows(spec, train, test);
        var with = ImageSubset.Rows(spec with { ValidationSubset = 40 }, train, test);

        var trainIdx = with.Where(r => r.Split == "train").Select(r => r.SourceIndex).ToHashSet();
        var valIdx = with.Where(r => r.Split == ImageRow.Validation).Select(r => r.SourceIndex).ToHashSet();
        Assert.Equal(40, valIdx.Count);
        Assert.All(with.Where(r => r.Split == ImageRow.Validation), r => Assert.Equal("train", r.SourceSplit));
        Assert.Empty(trainIdx.Intersect(valIdx));
        Assert.Equal(without.Where(r => r.Split != ImageRow.Validation).Select(r => (r.Index, r.SourceSplit, r.SourceIndex, r.Split)),
            with.Where(r => r.Split != ImageRow.Validation).Select(r => (r.Index, r.SourceSplit, r.SourceIndex, r.Split)));
        Assert.Throws<DataSourceException>(() => ImageSubset.Rows(spec with { ValidationSubset = 151 }, train, test));
    }
}
