using GrokUnlearn.Config;
using GrokUnlearn.Language;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Metrics;
using GrokUnlearn.Report;
using GrokUnlearn.Training;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Language;

/// <summary>The paper's Table 2 design without a model: labels from hand-made loss curves, forget-set draws, the table and its directions.</summary>
[Collection(TorchCollection.Name)]
public sealed class LocalGrokkingTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    /// <summary>Per-example losses at steps 0, 100, …, 1000 given as functions of the step.</summary>
    private static List<ExampleLossRow> Curve(params (int Index, Func<int, double> Loss)[] examples) =>
        [.. Enumerable.Range(0, 11).SelectMany(k => examples.Select(e => new ExampleLossRow { Step = 100 * k, Index = e.Index, Loss = e.Loss(100 * k) }))];

    [Fact]
    public void The_Candidate_Should_Be_The_Evaluation_Nearest_The_Fraction_Or_The_Fit_Step()
    {
        int[] steps = [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];

        Assert.Equal(200, LocalGrokLabels.CandidateStep(steps, 0.2, fitStep: 700));
        Assert.Equal(200, LocalGrokLabels.CandidateStep(steps, 0.25, fitStep: null)); // 250 is a tie: the earlier evaluation
        Assert.Equal(300, LocalGrokLabels.CandidateStep(steps, 0.26, fitStep: null));
        Assert.Equal(700, LocalGrokLabels.CandidateStep(steps, null, fitStep: 700));
        Assert.Null(LocalGrokLabels.CandidateStep(steps, null, fitStep: null)); // never fit: no candidate
    }

    [Fact]
    public void Labels_Should_Follow_The_Two_Thresholds_On_Hand_Made_Curves()
    {
        // Given: final losses at step 1000; the candidate is step 300.
        var curve = Curve(
            (1, s => s >= 300 ? 0.020 : 2.0),            // flat from the candidate: drop 0 → grokked
            (2, s => s >= 300 ? 0.030 + (1000 - s) * 1e-5 : 2.0), // drop 0.007 ≤ 0.01 → grokked
            (3, s => s == 300 ? 0.80 : s > 300 ? 0.05 : 2.0),      // drop 0.75 > 0.5 → ungrokked
            (4, s => s == 300 ? 0.55 : 0.05),            // drop exactly 0.5: not above the threshold → neither
            (5, s => s == 300 ? 0.30 : 0.05),            // drop 0.25 → neither
            (6, s => s == 300 ? 0.0 : 0.02));            // loss rose by 0.02 after the candidate: |drop| > 0.01 → neither

        // When
        var labels = LocalGrokLabels.Label(curve, 300, [1, 2, 3, 4, 5, 6], within: 0.01, minDrop: 0.5);

        // Then
        Assert.Equal([LocalGrokLabels.Grokked, LocalGrokLabels.Grokked, LocalGrokLabels.Ungrokked, LocalGrokLabels.Neither, LocalGrokLabels.Neither, LocalGrokLabels.Neither],
            Enumerable.Range(1, 6).Select(i => labels[i].Label));
        Assert.Equal((0.80, 0.05), (labels[3].Candidate, labels[3].Final));
        Assert.Throws<ArgumentException>(() => LocalGrokLabels.Label(curve, 350, [1], 0.01, 0.5));
        Assert.Throws<ArgumentException>(() => LocalGrokLabels.Label(curve, 300, [7], 0.01, 0.5));
    }

    [Fact]
    public void Forget_Sets_Should_Be_All_Of_One_Kind_Of_Their_Size_Deterministic_And_Skipped_When_Too_Few()
    {
        // Given: 30 grokked, 8 ungrokked, 12 neither.
        var labels = Enumerable.Range(0, 50).ToDictionary(i => i, i => i < 30 ? LocalGrokLabels.Grokked : i < 38 ? LocalGrokLabels.Ungrokked : LocalGrokLabels.Neither);

        // When
        var (rows, notDrawn) = LocalForgetSets.Draw(labels, [5, 10], draws: 3, seed: 0);
        var (again, _) = LocalForgetSets.Draw(labels, [5, 10], draws: 3, seed: 0);
        var (other, _) = LocalForgetSets.Draw(labels, [5, 10], draws: 3, seed: 1);

        // Then: grokked 5 and 10 (3 draws each), ungrokked 5 only; every member of its set's kind, no repeats within a set.
        var sets = rows.GroupBy(r => r.Set).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["grokked-n10-d1", "grokked-n10-d2", "grokked-n10-d3", "grokked-n5-d1", "grokked-n5-d2", "grokked-n5-d3",
            "ungrokked-n5-d1", "ungrokked-n5-d2", "ungrokked-n5-d3"], sets.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, members) in sets)
        {
            Assert.Equal(members[0].Size, members.Select(m => m.Index).Distinct().Count());
            Assert.All(members, m => Assert.Equal(m.Kind, labels[m.Index]));
            Assert.StartsWith(members[0].Kind, name);
        }
        Assert.Equal(["ungrokked sets of 10: only 8 ungrokked questions"], notDrawn);
        Assert.Equal(rows.Select(r => (r.Set, r.Index)), again.Select(r => (r.Set, r.Index)));
        Assert.NotEqual(rows.Select(r => (r.Set, r.Index)), other.Select(r => (r.Set, r.Index)));
        Assert.NotEqual(sets["grokked-n10-d1"].Select(m => m.Index), sets["grokked-n10-d2"].Select(m => m.Index));
    }

    [Fact]
    public void Welch_Should_Match_A_Hand_Computed_Test()
    {
        // a: mean 13/6, var 19/12; b: mean 4.375, var 3.5625. se² = 19/36 + 3.5625/4; t = −1.85424; Welch df = 4.98380;
        // two-sided p from Student's t with ~5 df at |t| = 1.854: 0.123 (tables: df 5 → 0.1229).
        var w = WelchComparison.Of([1.0, 2.0, 3.5], [2.0, 4.0, 5.0, 6.5]);

        Assert.Equal(13.0 / 6 - 4.375, w.MeanDifference, 12);
        Assert.Equal(-1.85424, w.T!.Value, 4);
        Assert.Equal(4.98380, w.Df!.Value, 4);
        Assert.InRange(w.PValue!.Value, 0.1215, 0.1245);
        // Hedges' g: pooled sd = sqrt((2·19/12 + 3·3.5625)/5) = 1.66458; d = −2.20833/1.66458 = −1.32666; × (1 − 3/(4·7 − 9)).
        Assert.Equal(-1.32666 * (1 - 3.0 / 19), w.HedgesG!.Value, 4);
        Assert.Null(WelchComparison.Of([0.5, 0.5], [0.5, 0.5]).PValue);
        Assert.Null(WelchComparison.Of([0.5], [0.1, 0.2]).PValue);
    }

    [Fact]
    public void The_Table_Should_Average_Draws_Map_Sizes_To_The_Paper_And_Count_Directions()
    {
        // Given: 400 labelled questions, sets of 5 (1.25% → the paper's 50) and 20 (5% → its 200), two draws each, GA only.
        var labels = Enumerable.Range(0, 400).Select(i => new LocalGrokLabelRow
        {
            Run = "r", Index = i, Label = i < 100 ? LocalGrokLabels.Grokked : i < 200 ? LocalGrokLabels.Ungrokked : LocalGrokLabels.Neither,
            QuestionChars = i < 100 ? 20 : 30, AnswerChars = 10, FinalLoss = i < 100 ? 0.01 + i * 1e-4 : 0.05 + i * 1e-4, CandidateStep = 5, FinalStep = 9,
        }).ToList();
        LanguageResultRow Row(string set, double forgetEs, double retainEs) => new()
        {
            Run = "r", Cell = set, ForgetSplit = set, Method = "GA", Status = "done", ForgetEsBefore = 1, RetainSetEsBefore = 0.9, ForgetEs = forgetEs, RetainSetEs = retainEs,
        };
        var results = new[]
        {
            // size 5: grokked forgets better (lower ES) and keeps more → the paper's direction on both metrics.
            Row("grokked-n5-d1", 0.20, 0.80), Row("grokked-n5-d2", 0.22, 0.82), Row("ungrokked-n5-d1", 0.50, 0.60), Row("ungrokked-n5-d2", 0.52, 0.62),
            // size 20: the opposite on forget ES, and a retain difference below 0.001 (no direction).
            Row("grokked-n20-d1", 0.60, 0.70), Row("grokked-n20-d2", 0.61, 0.70), Row("ungrokked-n20-d1", 0.30, 0.7004), Row("ungrokked-n20-d2", 0.31, 0.7002),
        };
        var paper = new List<PaperTofuNumber>
        {
            new(2, PaperTofuNumbers.EsRetain, "GA", 50, 0.605, 0.556, ""), new(2, PaperTofuNumbers.EsUnlearn, "GA", 50, 0.344, 0.518, ""),
            new(2, PaperTofuNumbers.EsRetain, "GA", 200, 0.492, 0.489, ""), new(2, PaperTofuNumbers.EsUnlearn, "GA", 200, 0.398, 0.512, ""),
            new(2, PaperTofuNumbers.EsRetain, "GA", 100, 0.576, 0.541, ""), new(12, "answer_chars", "", null, 157.4, 149.6, ""),
        };
        var spec = new LocalGrokSpec(null, null, 0.01, 0.1, [20, 5], 2, 0,
            [new MethodSpec("GA", "adamw", 3e-4, 0, 0.01, 25, new Dictionary<string, double>())]);

        // When
        var model = LocalGrokTables.Build(spec, ["r"], labels, results, paper);

        // Then: sizes ascending with the paper's counterpart; means over draws; 2 agree, 1 opposite, 1 without direction.
        Assert.Equal(["5:1.25%:50 (1.25%)", "20:5.00%:200 (5.00%)"], model.Sizes.Select(s => $"{s.Size}:{s.Percent}:{s.PaperSize}"));
        var ga = model.Ours.Single(r => r.Method == "GA" && r.Metric.StartsWith("ES_unlearn", StringComparison.Ordinal));
        Assert.Equal(("0.210 ± 0.014", "0.510 ± 0.014"), (ga.Cells[0].Grokked, ga.Cells[0].Ungrokked));
        var original = model.Ours.Single(r => r.Method == "Original" && r.Metric.StartsWith("ES_retain", StringComparison.Ordinal));
        Assert.Equal("0.900 ± 0.000", original.Cells[1].Grokked);
        Assert.Equal(("0.605", "0.556"), (model.Paper.Single(r => r.Method == "GA" && r.Metric.StartsWith("ES_retain", StringComparison.Ordinal)).Cells[0].Grokked,
            model.Paper.Single(r => r.Method == "GA" && r.Metric.StartsWith("ES_retain", StringComparison.Ordinal)).Cells[0].Ungrokked));
        Assert.Equal(new LocalGrokAgreement(4, 2, 2, 1, 1, 1), model.Agreement);
        Assert.Equal(LocalGrokTables.NoDirection, model.Comparisons.Single(c => c.Size == 20 && c.Metric.StartsWith("ES_retain", StringComparison.Ordinal)).Direction);
        // The control: counts and lengths per kind, and Welch tests on final loss and lengths.
        Assert.Equal([("grokked", 100, "20.0"), ("ungrokked", 100, "30.0"), ("neither", 200, "30.0")],
            model.Control.Select(c => (c.Kind, c.Count, c.QuestionChars)));
        Assert.Equal("157.4", model.Control[0].PaperAnswerChars);
        Assert.StartsWith("final loss: grokked − ungrokked = -0.05", model.ControlTests[0]);
        Assert.Contains("answer length (characters): grokked − ungrokked = 0; no variance to test", model.ControlTests[1]);
    }

    [Fact]
    public void Per_Example_Losses_Should_Be_The_Mean_Answer_Token_Cross_Entropy_Of_Each_Row()
    {
        // Given: fixed logits for 2 rows × 3 positions × 2 tokens; row 0 has targets at positions 1 and 2, row 1 at 0 only.
        var logits = TorchSharp.torch.tensor(new float[] { 0, 0, 1, 0, 0, 2, 3, 0, 0, 0, 0, 0 }).view(2, 3, 2);
        var y = TorchSharp.torch.tensor(new long[] { -100, 0, 1, 1, -100, -100 }).view(2, 3);
        using var model = new Constant(logits);

        // When
        var (loss, correct) = Trainer.ExampleLosses(model, TorchSharp.torch.zeros(2, 3), y);

        // Then: row 0 = mean(−log σ(1), −log σ(2)) with σ the 2-way softmax; row 1 = −log(e⁰/(e³+e⁰)).
        double Ce(double target, double other) => Math.Log(Math.Exp(target) + Math.Exp(other)) - target;
        Assert.Equal((Ce(1, 0) + Ce(2, 0)) / 2, loss[0], 5);
        Assert.Equal(Ce(0, 3), loss[1], 5);
        Assert.Equal([true, false], correct); // row 0 predicts 0 then 1 (both right); row 1 predicts 0 where 1 is the answer
    }

    private sealed class Constant(TorchSharp.torch.Tensor logits) : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>("constant")
    {
        public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => logits.alias();
    }

    [Fact]
    public void The_Papers_Language_Numbers_Should_Be_Read_And_A_Bad_Line_Refused_With_Its_Line()
    {
        var path = Path.Combine(TestProfiles.RepoRoot(), "paper", PaperTofuNumbers.FileName);
        var numbers = PaperTofuNumbers.Read(path);

        // Table 2: 2 metrics × 7 rows (Original + 6 methods) × 4 sizes; Table 12: two lengths.
        Assert.Equal(56, numbers.Count(n => n.Table == 2));
        Assert.Equal((0.344, 0.518), numbers.Where(n => n is { Table: 2, Metric: PaperTofuNumbers.EsUnlearn, Method: "GA", Size: 50 }).Select(n => (n.Grokked, n.Ungrokked)).Single());
        Assert.Equal((157.4, 149.6), numbers.Where(n => n is { Table: 12, Metric: "answer_chars" }).Select(n => (n.Grokked, n.Ungrokked)).Single());
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("bad.csv"), "# c\ntable,metric,method,size,grokked,ungrokked,note\n2,ES_forget,GA,50,0.3,0.5,\n");
        var ex = Assert.Throws<GrokUnlearn.Config.ConfigException>(() => PaperTofuNumbers.Read(tmp.File("bad.csv")));
        Assert.Contains($"{tmp.File("bad.csv")}:3: field metric 'ES_forget' is not allowed; allowed: ES_retain, ES_unlearn", ex.Message);
    }
}
