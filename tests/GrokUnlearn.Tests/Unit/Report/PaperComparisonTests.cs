using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The paper's numbers file and the paper-vs-reproduction comparison on hand-made results.</summary>
public sealed class PaperComparisonTests
{
    private static readonly ScenarioSpec Partial15 = new("p15", ScenarioKind.PartialClass, [3, 5], 0.15, 0);
    private static readonly ScenarioSpec Random15 = new("r15", ScenarioKind.Random, [], 0.15, 0);

    [Fact]
    public void The_Shipped_File_Should_Hold_The_Papers_Tables_As_Printed()
    {
        var numbers = PaperNumbers.Read(Path.Combine(TestProfiles.RepoRoot(), "paper", PaperNumbers.FileName));

        Assert.Equal([1, 3, 4, 5, 10, 11], numbers.Select(n => n.Table).Distinct().Order());
        // Table 1: 2 architectures, (ResNet 6 + CNN 4 rows) × 2 fractions × 3 metrics.
        Assert.Equal(60, numbers.Count(n => n.Table == 1));
        var ga = numbers.Single(n => n is { Table: 1, Arch: "ResNet", Method: "GA", Metric: "TA", ForgetFraction: 0.15 });
        Assert.Equal((69.67, 5.73, 80.41, 0.71), (ga.Pre, ga.PreSd!.Value, ga.Grok, ga.GrokSd!.Value));
        var cosine = numbers.Single(n => n is { Table: 3, Arch: "CNN" });
        Assert.Equal((0.990, 0.521), (cosine.Pre, cosine.Grok));
        var cka = numbers.Single(n => n.Table == 5);
        Assert.Equal((0.459, 0.129), (cka.Pre, cka.Grok));
    }

    [Fact]
    public void A_Bad_Field_Should_Name_The_File_Line_And_Allowed_Values()
    {
        using var tmp = new TempDir();
        var path = tmp.File("numbers.csv");
        File.WriteAllText(path, "# comment\n" + string.Join(",", PaperNumbers.Columns) + "\n1,ResNet,CIFAR-10,partial-class,0.15,GA,after,TB,1,,2,,\n");

        var error = Assert.Throws<ConfigException>(() => PaperNumbers.Read(path));

        Assert.Contains($"{path}:3", error.Message);
        Assert.Contains("metric 'TB'", error.Message);
        Assert.Contains("TA, RA, UA", error.Message);
    }

    private static PaperNumber Number(int table, string kind, double? fraction, string method, string stage, string metric, double pre, double grok) =>
        new(table, "ResNet", "CIFAR-10", kind, fraction, method, stage, metric, pre, null, grok, null, "", 0);

    private static UnlearnResultRow Result(string checkpoint, int seed, double ta, double taBefore = 0.5, string scenario = "p15", string method = "GA") => new()
    {
        Cell = $"img__mlp__r__seed{seed}__{checkpoint}__{scenario}__{method}", TrainCell = $"img__mlp__r__seed{seed}", Dataset = "img",
        Scenario = scenario, Method = method, Checkpoint = checkpoint, Seed = seed, Status = "done", Ta = ta, TaBefore = taBefore, Ra = 1, Ua = 0,
    };

    [Fact]
    public void Directions_Should_Be_Compared_Per_Protocol_With_Paired_Statistics()
    {
        // Paper: GA's TA after unlearning rises from θ_pre to θ_grok (+10.74 points).
        PaperNumber[] paper = [Number(1, "partial-class", 0.15, "GA", "after", "TA", 69.67, 80.41)];
        // Controlled: grok − pre = +0.10, +0.12, +0.11 (fraction) → +11 points, t = 19.05 on 2 df, p = 0.00274: agrees.
        // Paper protocol: −2, −1, 0 points → opposite, not significant (t = −1.73 on 2 df, p = 0.225).
        var results = new List<UnlearnResultRow>
        {
            Result("pre", 0, 0.60), Result("grok", 0, 0.70), Result("pre", 1, 0.60), Result("grok", 1, 0.72), Result("pre", 2, 0.60), Result("grok", 2, 0.71),
            Result("paper-pre", 0, 0.70), Result("paper-grok", 0, 0.68), Result("paper-pre", 1, 0.70), Result("paper-grok", 1, 0.69),
            Result("paper-pre", 2, 0.70), Result("paper-grok", 2, 0.70),
        };

        var model = PaperComparison.Build(paper, results, [], new HashSet<string> { "img" }, [Partial15], [], "img-mlp on img");

        var controlled = model.Tables.Single(t => t.Protocol == "controlled").Rows.Single();
        Assert.Equal(PaperComparison.Agrees, controlled.Agreement);
        Assert.True(controlled.Significant);
        Assert.Equal("+10.7", controlled.PaperDifference);
        Assert.Equal("+11 ± 2.48", controlled.OurDifference);
        Assert.Equal("0.00274", controlled.P);
        Assert.Equal(("60", "71"), (controlled.OurPre, controlled.OurGrok));
        var paperProtocol = model.Tables.Single(t => t.Protocol == "paper").Rows.Single();
        Assert.Equal(PaperComparison.Opposite, paperProtocol.Agreement);
        Assert.False(paperProtocol.Significant);
        Assert.Equal("0.225", paperProtocol.P);
        var c = model.Counts[0];
        Assert.Equal(("controlled", 1, 1, 1, 0, 0, 0), (c.Protocol, c.Compared, c.Agree, c.AgreeSignificant, c.Opposite, c.OppositeSignificant, c.NotCompared));
        Assert.Equal((1, 0, 1, 0), (model.Counts[1].Compared, model.Counts[1].Agree, model.Counts[1].Opposite, model.Counts[1].OppositeSignificant));
        Assert.Contains("in 1 of the 1 comparisons", PaperComparison.Abstract(model)[0]);
    }

    [Fact]
    public void Cells_Without_A_Counterpart_Should_Say_Why_And_Not_Count()
    {
        PaperNumber[] paper =
        [
            Number(10, "random", 0.30, "GA", "after", "TA", 60.758, 61.325),          // we ran random 15% only
            Number(1, "partial-class", 0.15, "Fisher", "after", "TA", 71.75, 80.88),  // Fisher is not in our results
            Number(1, "partial-class", 0.15, "none", "before", "TA", 73.72, 73.72),   // the paper shows no direction
            Number(3, "", null, "none", "before", "grad_cosine", 0.999, 0.426),       // no analysis ran
        ];
        var results = new List<UnlearnResultRow> { Result("pre", 0, 0.6), Result("grok", 0, 0.7), Result("pre", 1, 0.6), Result("grok", 1, 0.8) };

        var model = PaperComparison.Build(paper, results, [], new HashSet<string> { "img" }, [Partial15, Random15], [], "img");

        var rows = model.Tables.Where(t => t.Protocol == "controlled").SelectMany(t => t.Rows).ToList();
        Assert.Equal("no random 30% scenario in this profile", rows.Single(r => r.Table == 10).OurNote);
        Assert.Equal("Fisher is not in this profile's methods", rows.Single(r => r.Method == "Fisher").OurNote);
        Assert.Equal("paper: no difference", rows.Single(r => r.Metric == "TA" && r.Method == "— (before)").Agreement);
        Assert.Equal("no analysis in this profile", rows.Single(r => r.Table == 3).OurNote);
        Assert.Equal((0, 4), (model.Counts.Single().Compared, model.Counts.Single().NotCompared));
    }

    [Fact]
    public void Mechanism_Rows_Should_Read_The_Measures_Before_Unlearning()
    {
        PaperNumber[] paper = [Number(3, "", null, "none", "before", "grad_cosine", 0.999, 0.426)];
        MeasureRow Cosine(string checkpoint, int seed, double value) => new()
        {
            Cell = $"img__mlp__r__seed{seed}__{checkpoint}__p15__none", Dataset = "img", Seed = seed, Checkpoint = checkpoint, Scenario = "p15",
            Method = "none", Measure = "grad_cosine", Layer = "all", Set = "forget-vs-retain", Value = value,
        };
        var results = new List<UnlearnResultRow> { Result("pre", 0, 0.6), Result("grok", 0, 0.7) };
        MeasureRow[] measures = [Cosine("pre", 0, 0.9), Cosine("grok", 0, 0.5), Cosine("pre", 1, 0.8), Cosine("grok", 1, 0.6)];

        var model = PaperComparison.Build(paper, results, measures, new HashSet<string> { "img" }, [Random15, Partial15], [], "img");

        var row = model.Tables.Single().Rows.Single();
        // The paper does not state the forget set: our first partial-class scenario stands in.
        Assert.Equal("p15", row.Scenario);
        Assert.Equal(("0.85", "0.55", "2"), (row.OurPre, row.OurGrok, row.Seeds));
        Assert.Equal(PaperComparison.Agrees, row.Agreement);
    }
}
