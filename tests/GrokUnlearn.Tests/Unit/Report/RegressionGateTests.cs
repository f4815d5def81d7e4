using System.Text.Json.Nodes;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>The nightly gate: passes on the values it was written from, fails on a perturbed reference or a flipped verdict.</summary>
public sealed class RegressionGateTests
{
    private static readonly GateReference Reference = new("p", new GateTolerance(0.05, 5),
        [new GateResult("run__grok__s__GA", "done", 0.0, 0.9, 0.8, 12), new GateResult("run__pre__s__GA", "done", 0.0, 0.5, 0.1, null)],
        [new GateVerdict("1 efficiency | d | s | GA | updates", ClaimVerdicts.NotSupported)]);

    [Fact]
    public void Values_Inside_The_Band_Should_Pass_And_Outside_Should_Fail_By_Name()
    {
        Assert.Empty(RegressionGate.Compare(Reference, Reference));
        var nudged = Reference with { Results = [Reference.Results[0] with { Ra = 0.93, StepsToTarget = 16 }, Reference.Results[1]] };
        Assert.Empty(RegressionGate.Compare(Reference, nudged));

        var moved = Reference with { Results = [Reference.Results[0] with { Ra = 0.8 }, Reference.Results[1] with { StepsToTarget = 30 }] };
        var failures = RegressionGate.Compare(Reference, moved);
        Assert.Equal(2, failures.Count);
        Assert.Contains("run__grok__s__GA: ra 0.8 is outside the band 0.9 ± 0.05", failures);
        Assert.Contains("run__pre__s__GA: steps_to_target is 30, reference none", failures);
    }

    [Fact]
    public void A_Flipped_Verdict_Or_A_Missing_Cell_Should_Fail()
    {
        var flipped = Reference with { Verdicts = [Reference.Verdicts[0] with { Verdict = ClaimVerdicts.Supported }] };
        Assert.Equal(["claim [1 efficiency | d | s | GA | updates]: verdict flipped from 'not supported' to 'supported'"],
            RegressionGate.Compare(Reference, flipped));
        var added = Reference with { Verdicts = [.. Reference.Verdicts, new GateVerdict("new claim", ClaimVerdicts.Supported)] };
        Assert.Equal(["claim [new claim]: evaluated by this run but not in the reference (update it on purpose: gate --update)"],
            RegressionGate.Compare(Reference, added));
        var missing = Reference with { Results = [Reference.Results[0]] };
        Assert.Equal(["run__pre__s__GA: in the reference but not produced by this run"], RegressionGate.Compare(Reference, missing));
    }

    [Fact]
    public void Language_Results_Should_Be_Gated_Like_The_Vision_Results()
    {
        // Given: a reference with two language cells (one that never reached its checkpoint).
        var reference = Reference with
        {
            LanguageResults =
            [
                new GateLanguageResult("lm__grok__forget10__NPO", "done", 0.2, 0.8, 0.4, 7),
                new GateLanguageResult("lm__pre__forget10__NPO", "no pre checkpoint: the run never reached it", null, null, null, null),
            ],
        };
        Assert.Empty(RegressionGate.Compare(reference, reference));

        // When: forget ES moves past the band and the updates to target within it; a language cell disappears.
        var moved = reference with { LanguageResults = [reference.LanguageResults![0] with { ForgetEs = 0.3, StepsToTarget = 11 }] };

        // Then
        Assert.Equal(["lm__grok__forget10__NPO: forget_es 0.3 is outside the band 0.2 ± 0.05", "lm__pre__forget10__NPO: in the reference but not produced by this run"],
            RegressionGate.Compare(reference, moved));
        // A reference written before the language track (no language_results) reports new language cells as unreviewed.
        Assert.Equal(["lm__grok__forget10__NPO: produced by this run but not in the reference (update it on purpose: gate --update)",
                "lm__pre__forget10__NPO: produced by this run but not in the reference (update it on purpose: gate --update)"],
            RegressionGate.Compare(Reference, reference));
    }

    [Fact]
    public void The_Gate_Command_Should_Pass_On_Current_Code_And_Fail_When_The_Reference_Is_Perturbed()
    {
        // Given: a tiny reproduction run through the CLI, and a reference written from it on purpose.
        using var tmp = new TempDir();
        CopyDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"), tmp.File("paper"));
        File.WriteAllText(tmp.File("g.yaml"), TestProfiles.TinyUnlearnYaml());
        string[] common = ["--profile", tmp.File("g.yaml"), "--root", tmp.Path, "--artifacts", tmp.File("artifacts")];
        foreach (var verb in new[] { "data", "train", "unlearn" }) Assert.Equal(0, Run([verb, .. common]).ExitCode);
        Assert.Equal(0, Run(["gate", .. common, "--update"]).ExitCode);
        var reference = tmp.File("configs/reference/g.json");

        // When / Then: unchanged code and data pass.
        var pass = Run(["gate", .. common]);
        Assert.Equal(0, pass.ExitCode);
        Assert.Contains("[gate] passed", pass.Stdout);

        // A reference value moved beyond the band fails, naming the cell and the field.
        var json = JsonNode.Parse(File.ReadAllText(reference))!;
        var first = json["results"]!.AsArray().First(r => (string?)r!["status"] == "done")!;
        first["ra"] = (double)first["ra"]! - 0.2;
        File.WriteAllText(reference, json.ToJsonString());
        var fail = Run(["gate", .. common]);
        Assert.Equal(1, fail.ExitCode);
        Assert.Contains($"REGRESSION {(string)first["cell"]!}: ra", fail.Stderr);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string[] args) => CliTests.Run(args);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
