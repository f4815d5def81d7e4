using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Config;

/// <summary>A learning-rate list expands into grid points: labels, primary point, cell ids, where the grid runs, bad input.</summary>
public sealed class LearningRateGridConfigTests
{
    private const string File = "/profiles/grid.yaml";

    private static string Yaml(string methods, string extra = "") => TestProfiles.TinyYaml() + $$"""

        unlearn:
          checkpoints: [fit, final]
          scenarios:
            class2: { kind: class, classes: [2] }
            half: { kind: random, fraction: 0.5 }
        {{extra}}
          methods:
        {{methods}}
        """;

    private static ConfigException Fails(string yaml) =>
        Assert.IsType<ConfigException>(Record.Exception(() => ProfileLoader.Parse(yaml, File)));

    [Fact]
    public void A_Learning_Rate_List_Should_Become_One_Point_Per_Value_With_The_First_Listed_As_Primary()
    {
        var profile = ProfileLoader.Parse(Yaml("""
                GA: { optimizer: sgd, lr: [0.001, 0.0001, 0.0003, 0.05], steps: 5 }
                SSD: { alpha: 10, lambda: 1 }
            """), File);
        var methods = profile.Unlearn!.Methods;

        Assert.Equal(["GA@lr=1e-3", "GA@lr=1e-4", "GA@lr=3e-4", "GA@lr=0.05", "SSD"], methods.Select(m => m.Label));
        Assert.Equal([0.001, 0.0001, 0.0003, 0.05], methods.Where(m => m.Name == "GA").Select(m => m.Lr));
        Assert.Equal([true, false, false, false, true], methods.Select(m => m.Primary));
        Assert.All(methods.Where(m => m.Name == "GA"), m => Assert.Equal(("sgd", 5), (m.Optimizer, m.Steps)));
        Assert.Equal("", methods.Single(m => m.Name == "SSD").GridKey);
        Assert.Equal(GridSummaryRule.SmallestReaching, profile.Unlearn.GridSummary);
        Assert.True(profile.Unlearn.HasGrid);
    }

    [Fact]
    public void A_Single_Learning_Rate_Should_Keep_The_Plain_Method_Name()
    {
        var profile = ProfileLoader.Parse(Yaml("      GA: { optimizer: sgd, lr: [0.05], steps: 5 }"), File);

        Assert.Equal("GA", profile.Unlearn!.Methods.Single().Label);
        Assert.False(profile.Unlearn.HasGrid);
    }

    [Fact]
    public void Every_Grid_Point_Should_Get_A_Cell_From_Every_Checkpoint_And_Only_The_Primary_Outside_Grid_Scenarios()
    {
        using var tmp = new TempDir();
        var profile = ProfileLoader.Parse(Yaml("      GA: { optimizer: sgd, lr: [0.05, 0.01], steps: 5 }", "  grid_scenarios: [class2]"), File);
        var plan = PipelinePlan.Create(profile, new ArtifactStore(tmp.File("artifacts")), "t");

        var ids = plan.Unlearn.Select(c => c.Id).ToList();
        // 2 runs × 2 checkpoints × (2 points on class2 + the primary on half).
        Assert.Equal(12, ids.Count);
        Assert.Contains("add11__mlp__quick__seed0__fit__class2__GA@lr=0.05", ids);
        Assert.Contains("add11__mlp__quick__seed0__final__class2__GA@lr=0.01", ids);
        Assert.Contains("add11__mlp__quick__seed0__final__half__GA@lr=0.05", ids);
        Assert.DoesNotContain("add11__mlp__quick__seed0__final__half__GA@lr=0.01", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_Grid_On_A_One_Shot_Method_Repeated_Values_And_Unknown_Rules_Or_Scenarios_Should_Be_Refused()
    {
        var ssd = Fails(Yaml("      SSD: { alpha: 10, lambda: 1, lr: [0.1, 0.2] }"));
        Assert.Contains("unlearn.methods.SSD.lr", ssd.Message);
        Assert.Contains("takes no optimizer steps", ssd.Message);

        var repeated = Fails(Yaml("      GA: { lr: [0.1, 0.1] }"));
        Assert.Contains("unlearn.methods.GA.lr", repeated.Message);
        Assert.Contains("values repeat", repeated.Message);

        var rule = Fails(Yaml("      GA: { lr: [0.1, 0.2] }", "  grid_summary: best"));
        Assert.Contains("unlearn.grid_summary", rule.Message);
        Assert.Contains("allowed values: smallest-reaching, primary", rule.Message);

        var scenario = Fails(Yaml("      GA: { lr: [0.1, 0.2] }", "  grid_scenarios: [class3]"));
        Assert.Contains("'class3' is not a scenario", scenario.Message);
        Assert.Contains("allowed values: class2, half", scenario.Message);
    }

    [Theory]
    [InlineData(0.0001, "lr=1e-4")]
    [InlineData(0.00025, "lr=2.5e-4")]
    [InlineData(0.003, "lr=3e-3")]
    [InlineData(0.01, "lr=0.01")]
    [InlineData(0.3, "lr=0.3")]
    public void Learning_Rate_Keys_Should_Be_Short_And_Exact(double lr, string key) => Assert.Equal(key, MethodSpec.LrKey(lr));
}
