using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

public sealed class BenchmarkWorkloadTests
{
    [Fact]
    public void Should_Take_The_Default_Profiles_Models_And_Recipes_With_The_Issues_Batches()
    {
        var workloads = BenchmarkWorkload.Load(TestProfiles.RepoRoot());

        Assert.Equal(["A", "B", "C", "D", "E"], workloads.Select(w => w.Id));
        var a = workloads[0];
        Assert.Equal((3764, 3764, 97, RecipeSpec.CrossEntropy), (a.Pool, a.Batch, a.Classes, a.Recipe!.Loss)); // round(0.4 · 97²), full batch
        var b = workloads[1];
        Assert.Equal((128, "omnigrok-mlp", RecipeSpec.Mse, 1000), (b.Batch, b.Recipe!.Name, b.Recipe.Loss, b.Pool));
        Assert.Equal([3, 32, 32], workloads[2].InputShape);
        var d = workloads[3];
        Assert.True(d.Available);
        var spec = Assert.IsType<TransformerSpec>(d.Model);
        Assert.Equal((128, 4, 2, 512, 32, 1.0), (spec.DModel, spec.Heads, spec.Layers, spec.DMlp, spec.MaxLength, spec.InitScale));
        Assert.Equal((64, "lm-adamw", 256, 1024), (d.Batch, d.Recipe!.Name, d.Classes, d.Pool));
        Assert.Equal(WorkloadMeasure.Hvp, workloads[4].Measure);
    }

    [Fact]
    public void Should_Describe_A_Workload_For_The_Reference_Worker()
    {
        var c = BenchmarkWorkload.Load(TestProfiles.RepoRoot()).Single(w => w.Id == "C");

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
    public void Should_Describe_The_Transformer_And_Mark_D_Unavailable_Without_One()
    {
        var d = BenchmarkWorkload.Load(TestProfiles.RepoRoot()).Single(w => w.Id == "D");
        var wire = d.ToWire();
        Assert.Equal("transformer", (string?)wire["model"]!["kind"]);
        Assert.Equal((256, 128, 4), ((int)wire["model"]!["vocabulary"]!, (int)wire["model"]!["d_model"]!, (int)wire["model"]!["heads"]!));

        // A profile without the language model: D is not available and cannot be sent to a worker.
        var root = TestProfiles.RepoRoot();
        var yaml = File.ReadAllText(Path.Combine(root, "configs", "profiles", "default.yaml")).Replace("  lm:\n    kind: transformer", "  lm2:\n    kind: transformer")
            .Replace("model: lm\n", "model: lm2\n");
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("p.yaml"), yaml);
        var profile = BenchmarkWorkload.Merge([ProfileLoader.Load(tmp.File("p.yaml"), tmp.Path), ProfileLoader.Load("modular", root)]);
        var missing = BenchmarkWorkload.FromProfile(profile).Single(w => w.Id == "D");
        Assert.False(missing.Available);
        Assert.Contains("no transformer 'lm'", missing.UnavailableReason);
        Assert.Throws<InvalidOperationException>(() => missing.ToWire());
    }
}
