using GrokUnlearn.Cli.Commands;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using Spectre.Console;
using Spectre.Console.Testing;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>
/// The stage progress: a live display on a terminal (bars per phase and running cell, fed across --jobs workers by
/// event lines), and the plain lines of before, without a control character, whenever output is piped.
/// </summary>
public sealed class LiveProgressTests
{
    private static readonly Dictionary<string, string?> Plain = new() { ["GROKUNLEARN_PROGRESS"] = null, [LiveProgress.EventsVariable] = null };
    private static readonly Dictionary<string, string?> Live = new() { ["GROKUNLEARN_PROGRESS"] = "live", ["COLUMNS"] = "160", [LiveProgress.EventsVariable] = null };

    [Fact]
    public void Piped_Output_Should_Be_Plain_Lines_And_A_Live_Parent_Should_Draw_Its_Workers_Progress()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("t.yaml"), TestProfiles.TinyUnlearnYaml());
        string[] Args(string verb, params string[] more) =>
            [verb, "--profile", tmp.File("t.yaml"), "--root", TestProfiles.RepoRoot(), "--artifacts", tmp.File("a"), .. more];

        // Piped, as in CI or `| tee`: today's lines, no escape sequence, no event line.
        var data = CliTests.RunWith(Plain, Args("data"));
        Assert.Equal(0, data.ExitCode);
        Assert.Contains("[data] add11: stale", data.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', data.Stdout);

        // Live with two workers: the parent draws the bars from its workers' events and prints their log lines above.
        var train = CliTests.RunWith(Live, Args("train", "--jobs", "2"));
        Assert.True(train.ExitCode == 0, train.Stdout + train.Stderr);
        Assert.Contains("\u001b[", train.Stdout, StringComparison.Ordinal);               // cursor movement and colour
        Assert.Contains("[train] cell(s)", train.Stdout, StringComparison.Ordinal);       // the phase bar
        Assert.Contains("/2 cells", train.Stdout, StringComparison.Ordinal);
        Assert.Contains("[j1] [train] ", train.Stdout, StringComparison.Ordinal);         // the workers' lines
        Assert.Contains("[j2] [train] ", train.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ProgressEvents.Prefix.TrimEnd('\t'), train.Stdout, StringComparison.Ordinal);

        // Piped with two workers: no event line reaches the output, nor any control character.
        var unlearn = CliTests.RunWith(Plain, Args("unlearn", "--jobs", "2"));
        Assert.True(unlearn.ExitCode == 0, unlearn.Stdout + unlearn.Stderr);
        Assert.Contains("[j1] [unlearn] ", unlearn.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', unlearn.Stdout);
        Assert.DoesNotContain(ProgressEvents.Prefix.TrimEnd('\t'), unlearn.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Display_Should_Show_A_Bar_Per_Phase_And_Per_Running_Cell_With_Its_Steps()
    {
        var console = new TestConsole().Interactive().Width(160);
        var frame = "";
        console.Progress().AutoRefresh(false).HideCompleted(true).Columns(LiveProgress.Columns()).Start(ctx =>
        {
            var display = new LiveProgress.Display(ctx);
            display.PhaseStarted("train", "cell(s)", ["a", "b", "c"]);
            display.PhaseStarted("train", "cell(s)", ["a", "b", "c"]);     // a second worker announces the same phase
            display.CellSettled("a");                                      // up to date
            display.CellStarted("b");
            display.CellStep("b", 600, 2000);
            ctx.Refresh();
            frame = console.Output;
        });
        var text = frame;
        Assert.Contains("[train] cell(s)", text, StringComparison.Ordinal);
        Assert.Contains("1/3 cells", text, StringComparison.Ordinal);
        Assert.Contains("600/2,000 steps", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains("[train] cell(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_Should_Reach_The_Parent_As_The_Same_Calls_With_Steps_Thinned()
    {
        var lines = new StringWriter();
        var writer = new ProgressEvents.Writer(lines);
        writer.PhaseStarted("unlearn", "method cell(s)", ["x__GA", "y__GA@lr=1e-4"]);
        writer.CellStarted("x__GA");
        for (var step = 1; step <= 1000; step++) writer.CellStep("x__GA", step, 1000);
        writer.CellSettled("x__GA");

        var seen = new Recorder();
        var all = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(all, l => Assert.True(ProgressEvents.TryDispatch(l, seen)));
        Assert.False(ProgressEvents.TryDispatch("[unlearn] x__GA: up to date", seen));   // a log line stays a line

        Assert.Equal("phase unlearn|method cell(s)|x__GA|y__GA@lr=1e-4", seen.Calls[0]);
        Assert.Equal("start x__GA", seen.Calls[1]);
        Assert.Equal("step x__GA 1/1000", seen.Calls[2]);
        Assert.Equal("step x__GA 1000/1000", seen.Calls[^2]);     // the last step always goes through
        Assert.Equal("settled x__GA", seen.Calls[^1]);
        Assert.True(seen.Calls.Count < 20, $"{seen.Calls.Count} events for 1,000 steps in well under a second");
    }

    [Fact]
    public void Long_Cell_Ids_Should_Keep_Their_Start_And_End()
    {
        const string id = "fmnist1k__img-mlp__omnigrok-mlp__seed2__paper-grok__random15__NegGradPlus@lr=1e-4";
        var shown = LiveProgress.Display.Shorten(id);
        Assert.Equal(60, shown.Length);
        Assert.StartsWith("fmnist1k__img-mlp__o", shown, StringComparison.Ordinal);
        Assert.EndsWith("random15__NegGradPlus@lr=1e-4", shown, StringComparison.Ordinal);
        Assert.Equal("short", LiveProgress.Display.Shorten("short"));
    }

    private sealed class Recorder : IStageProgress
    {
        public List<string> Calls { get; } = [];
        public void PhaseStarted(string stage, string what, IReadOnlyList<string> cells) => Calls.Add($"phase {stage}|{what}|{string.Join('|', cells)}");
        public void CellStarted(string cellId) => Calls.Add($"start {cellId}");
        public void CellStep(string cellId, long step, long maxSteps) => Calls.Add($"step {cellId} {step}/{maxSteps}");
        public void CellSettled(string cellId) => Calls.Add($"settled {cellId}");
    }
}
