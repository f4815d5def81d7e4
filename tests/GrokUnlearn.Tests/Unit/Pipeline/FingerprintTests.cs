using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Pipeline;

public sealed class FingerprintTests
{
    private static Dictionary<string, string> Fingerprints(PipelinePlan plan) => plan.All.ToDictionary(c => $"{c.Stage}/{c.Id}", c => c.Fingerprint);

    private static Dictionary<string, string> PlanFor(string yaml)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("p.yaml"), yaml);
        var profile = GrokUnlearn.Config.ProfileLoader.Load(tmp.File("p.yaml"), tmp.Path);
        return Fingerprints(PipelinePlan.Create(profile, new ArtifactStore(tmp.File("artifacts")), "templates-v1"));
    }

    private static string[] Changed(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Keys.Where(k => a[k] != b[k]).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Should_Be_Stable_And_Independent_Of_Key_Order()
    {
        var a = Fingerprint.Compute("train", "v1", new Dictionary<string, object> { ["lr"] = 0.001, ["seed"] = 1 }, new Dictionary<string, string> { ["data"] = "x" });
        var b = Fingerprint.Compute("train", "v1", new Dictionary<string, object> { ["seed"] = 1, ["lr"] = 0.001 }, new Dictionary<string, string> { ["data"] = "x" });

        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
        Assert.Equal("""{"stage":"train","code_version":"v1","params":{"lr":0.001,"seed":1},"inputs":{"data":"x"}}""",
            Fingerprint.Canonical("train", "v1", new Dictionary<string, object> { ["seed"] = 1, ["lr"] = 0.001 }, new Dictionary<string, string> { ["data"] = "x" }));
    }

    [Fact]
    public void Should_Change_Only_The_Recipes_Cells_And_The_Report_When_A_Recipe_Value_Changes()
    {
        var before = PlanFor(TestProfiles.TinyYaml(lr: 0.003));
        var after = PlanFor(TestProfiles.TinyYaml(lr: 0.004)); // only recipe "quick" (add11) uses this lr

        Assert.Equal(["report/report", "train/add11__mlp__quick__seed0"], Changed(before, after));
    }

    [Fact]
    public void Should_Propagate_A_Dataset_Change_Downstream_Only()
    {
        var before = PlanFor(TestProfiles.TinyYaml(addFraction: 0.5));
        var after = PlanFor(TestProfiles.TinyYaml(addFraction: 0.6));

        Assert.Equal(["data/add11", "report/report", "train/add11__mlp__quick__seed0"], Changed(before, after));
    }

    [Fact]
    public void Should_Change_Every_Training_Cell_With_Max_Steps_But_No_Data_Cell()
    {
        var before = PlanFor(TestProfiles.TinyYaml(maxSteps: 120));
        var after = PlanFor(TestProfiles.TinyYaml(maxSteps: 130));

        Assert.Equal(["report/report", "train/add11__mlp__quick__seed0", "train/mul11__mlp__slow__seed0"], Changed(before, after));
    }

    [Fact]
    public void Should_Change_Nothing_For_A_Description_Edit()
    {
        var before = PlanFor(TestProfiles.TinyYaml());
        var after = PlanFor(TestProfiles.TinyYaml().Replace("description: tiny test profile", "description: edited"));

        Assert.Empty(Changed(before, after));
    }

    [Fact]
    public void Should_Change_Only_The_Report_When_A_Benchmark_Table_Appears_Or_Changes()
    {
        using var tmp = new TempDir();
        var profile = TestProfiles.Tiny(tmp.Path);
        var store = new ArtifactStore(tmp.File("artifacts"));
        var before = Fingerprints(PipelinePlan.Create(profile, store, "t"));

        Directory.CreateDirectory(Path.GetDirectoryName(store.ComparisonTable)!);
        File.WriteAllBytes(store.ComparisonTable, [1, 2, 3]);
        var withComparison = Fingerprints(PipelinePlan.Create(profile, store, "t"));
        File.WriteAllBytes(store.ComparisonTable, [1, 2, 4]);
        var changed = Fingerprints(PipelinePlan.Create(profile, store, "t"));

        Assert.Equal(["report/report"], Changed(before, withComparison));
        Assert.Equal(["report/report"], Changed(withComparison, changed));
        Assert.Equal("none", PipelinePlan.BenchmarkHash(new ArtifactStore(tmp.File("empty")), profile.Name));
    }
}
