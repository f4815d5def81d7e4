using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

public sealed class BenchmarkWorkloadTests
{
    [Fact]
    public void Should_Take_The_Default_Profiles_Models_And_Recipes_With_The_Issues_Batches()
    {
        var workloads = BenchmarkWorkload.FromProfile(ProfileLoader.Load("default", TestProfiles.RepoRoot()));

        Assert.Equal(["A", "B", "C", "D", "E"], workloads.Select(w => w.Id));
        var a = workloads[0];
        Assert.Equal((3764, 3764, 97, RecipeSpec.CrossEntropy), (a.Pool, a.Batch, a.Classes, a.Recipe!.Loss)); // round(0.4 · 97²), full batch
        var b = workloads[1];
        Assert.Equal((128, "omnigrok-mlp", RecipeSpec.Mse, 1000), (b.Batch, b.Recipe!.Name, b.Recipe.Loss, b.Pool));
        Assert.Equal([3, 32, 32], workloads[2].InputShape);
        Assert.False(workloads[3].Available);
        Assert.Contains("issue 5", workloads[3].UnavailableReason);
        Assert.Equal(WorkloadMeasure.Hvp, workloads[4].Measure);
    }

    [Fact]
    public void Should_Describe_A_Workload_For_The_Reference_Worker()
    {
        var c = BenchmarkWorkload.FromProfile(ProfileLoader.Load("default", TestProfiles.RepoRoot())).Single(w => w.Id == "C");

        var wire = c.ToWire();

        Assert.Equal("cnn", (string?)wire["model"]!["kind"]);
        Assert.Equal("[16,32]", wire["model"]!["channels"]!.ToJsonString());
        Assert.Equal(128, (int)wire["recipe"]!["batch_size"]!);
        Assert.Equal("mse", (string?)wire["recipe"]!["loss"]);
        Assert.Equal("[3,32,32]", wire["input_shape"]!.ToJsonString());
    }

    [Fact]
    public void Should_Name_The_Profile_And_The_Missing_Entry()
    {
        using var tmp = new TempDir();
        var path = tmp.File("p.yaml");
        File.WriteAllText(path, TestProfiles.TinyYaml());
        var profile = ProfileLoader.Load(path, tmp.Path);

        var ex = Assert.Throws<ConfigException>(() => BenchmarkWorkload.FromProfile(profile));

        Assert.Contains(path, ex.Message);
        Assert.Contains("add97", ex.Message);
    }

    [Fact]
    public void Should_Refuse_To_Describe_A_Workload_That_Is_Not_Built()
    {
        var d = BenchmarkWorkload.FromProfile(ProfileLoader.Load("default", TestProfiles.RepoRoot())).Single(w => w.Id == "D");
        Assert.Throws<InvalidOperationException>(() => d.ToWire());
    }
}
