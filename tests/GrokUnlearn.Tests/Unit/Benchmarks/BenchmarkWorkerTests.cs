using System.Text.Json.Nodes;
using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

[Collection(TorchCollection.Name)]
public sealed class BenchmarkWorkerTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static List<JsonObject> Serve(params string[] commands)
    {
        var output = new StringWriter();
        var workloads = BenchmarkWorkload.Load(TestProfiles.RepoRoot());
        new BenchmarkWorker(new StringReader(string.Join("\n", commands)), output, workloads).Serve();
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    [Fact]
    public void Should_Answer_Every_Command_On_One_Line_And_Stop_At_Quit()
    {
        var replies = Serve(
            """{"cmd":"setup","threads":1,"workload":"E"}""",
            """{"cmd":"steps","n":2}""",
            """{"cmd":"fixed_steps","n":1}""",
            """{"cmd":"hvp","n":1}""",
            """{"cmd":"matmul","size":32,"repeats":2}""",
            """{"cmd":"quit"}""",
            """{"cmd":"steps","n":1}""");

        Assert.Equal(5, replies.Count); // nothing after quit
        Assert.Equal((784L * 200 + 200) + (200 * 200 + 200) + (200 * 10 + 10), (long)replies[0]["parameters"]!);
        Assert.Equal("torchsharp", (string?)replies[0]["stack"]);
        Assert.All(replies.Skip(1), r => Assert.True((double)r["seconds"]! > 0));
        Assert.All(replies, r => Assert.NotNull(r["minor_faults"]));
    }

    [Fact]
    public void Should_Reply_With_An_Error_That_Names_The_Problem_And_Keep_Serving()
    {
        var replies = Serve(
            """{"cmd":"steps","n":1}""",
            """{"cmd":"setup","threads":1,"workload":"Z"}""",
            """{"cmd":"fly"}""",
            """{"cmd":"setup","threads":1,"workload":"B"}""",
            """{"cmd":"steps","n":1}""");

        Assert.Contains("send setup first", (string?)replies[0]["error"]);
        Assert.Contains("unknown workload 'Z'", (string?)replies[1]["error"]);
        Assert.Contains("unknown command 'fly'", (string?)replies[2]["error"]);
        Assert.Null(replies[4]["error"]);
    }

    [Fact]
    public void Should_Produce_The_Same_Parity_Numbers_From_The_Same_Seed()
    {
        using var tmp = new TempDir();
        var workload = BenchmarkWorkload.Load(TestProfiles.RepoRoot()).Single(w => w.Id == "A");
        using var first = new WorkloadSession(workload);
        using var second = new WorkloadSession(workload);

        first.SaveParityInputs(tmp.File("a.safetensors"));
        var a = first.Parity(3);
        var b = second.Parity(3);

        Assert.Equal(a.Losses, b.Losses);
        Assert.Equal((a.VHv, a.HvNorm), (b.VHv, b.HvNorm));
        Assert.True(a.Losses[3] < a.Losses[0], "three AdamW steps on one full batch lower its loss");
        var keys = TorchSharp.PyBridge.Safetensors.LoadStateDict(tmp.File("a.safetensors")).Keys;
        Assert.Equal(["direction.embed.weight", "direction.head.bias", "direction.head.weight", "direction.hidden.0.bias", "direction.hidden.0.weight",
            "embed.weight", "head.bias", "head.weight", "hidden.0.bias", "hidden.0.weight", "input.x", "input.y"], keys.Order(StringComparer.Ordinal));
    }
}
