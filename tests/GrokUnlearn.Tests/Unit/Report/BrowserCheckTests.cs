using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>
/// The rendered report in headless Chromium: loads with no console errors, every image renders, no column wraps
/// mid-word, and the first screens hold what a reader looks for first. A person can run
/// the same check: <c>dotnet test --filter BrowserCheckTests</c>.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BrowserCheckTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [ChromiumFact]
    public async Task The_Rendered_Report_Should_Load_Without_Console_Errors_And_Render_Every_Image()
    {
        // Given: a tiny reproduction with unlearning and analysis, rendered by the real templates.
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("b.yaml"), TestProfiles.TinyUnlearnYaml() + """

            analyze:
              samples: 20
              pairwise_examples: 2
              cka_reference: fit
              local_complexity: { directions: 2, radii: [0.1] }
              hessian: { max_iterations: 5, trace_samples: 5, trace_min_samples: 2 }
            """);
        var profile = ProfileLoader.Load(tmp.File("b.yaml"), tmp.Path);
        var templates = ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        var plan = PipelinePlan.Create(profile, new ArtifactStore(tmp.File("artifacts")), templates.ContentHash);
        await new DataStage(_ => { }).RunAsync(plan, false, _ => true);
        await new TrainStage(_ => { }).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(_ => { }).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new AnalyzeStage(_ => { }).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new ReportStage(_ => { }, templates).RunAsync(plan, profile, false);

        // When
        var outcome = BrowserCheck.Run(Path.Combine(plan.Report.Directory, "index.html"), BrowserCheck.FindChromium()!, TimeSpan.FromMinutes(2));

        // Then: it loads cleanly, no column wraps mid-word, the abstract and a headline figure are on the first screen of
        // a 1400-pixel window, the verdict matrix within the first three, and a full-page screenshot is saved.
        Assert.Empty(outcome.ConsoleErrors);
        Assert.Empty(outcome.BrokenImages);
        Assert.True(outcome.Images >= 10, $"{outcome.Images} images found");
        Assert.Empty(outcome.NarrowCells);
        Assert.True(outcome.FirstScreenHoldsAbstractAndFigure, $"abstract ends at {outcome.AbstractBottom}, figure at {outcome.HeroFigureBottom}");
        Assert.NotNull(outcome.MatrixTop);
        Assert.True(outcome.MatrixWithinThreeScreens, $"matrix at {outcome.MatrixTop}");
        Assert.True(outcome.Passed);
        Assert.Equal(Path.Combine(plan.Report.Directory, BrowserCheck.ScreenshotFile), outcome.Screenshot);
        var png = File.ReadAllBytes(outcome.Screenshot!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // PNG header: width and height, big-endian, at bytes 16..23.
        Assert.Equal(BrowserCheck.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)) >= (int)Math.Min(outcome.PageHeight, BrowserCheck.MaxScreenshotHeight) - 1);
    }

    [ChromiumFact]
    public void The_Check_Should_Catch_A_Column_That_Wraps_Mid_Word_And_Content_Off_The_First_Screen()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("ok.svg"), """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>""");
        // A 60-pixel table whose cells may break anywhere (the old report's .small class), and an abstract pushed below the first screen.
        File.WriteAllText(tmp.File("index.html"), """
            <!DOCTYPE html><html><body>
            <div style="height:1200px"></div>
            <div class="hero-text"><p>abstract</p></div><figure><img src="ok.svg"></figure>
            <table style="width:60px;word-break:break-all"><tr><td>short</td><td>incomprehensibilities</td></tr></table>
            <table><tr><td>fine</td><td>incomprehensibilities</td></tr></table>
            </body></html>
            """);

        var outcome = BrowserCheck.Run(tmp.File("index.html"), BrowserCheck.FindChromium()!, TimeSpan.FromMinutes(1), screenshot: false);

        // Both cells of the squeezed table wrap inside a word; the same words in a normal table do not.
        Assert.Equal(2, outcome.NarrowCells.Count);
        Assert.StartsWith("short → short", outcome.NarrowCells[0], StringComparison.Ordinal);
        Assert.StartsWith("incomprehensibilities → incomprehensibilities", outcome.NarrowCells[1], StringComparison.Ordinal);
        Assert.False(outcome.FirstScreenHoldsAbstractAndFigure);
        Assert.Null(outcome.MatrixTop);
        Assert.Null(outcome.Screenshot);
        Assert.False(outcome.Passed);
    }

    [ChromiumFact]
    public void The_Check_Should_Catch_A_Missing_Image_And_A_Script_Error()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("ok.svg"), """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>""");
        File.WriteAllText(tmp.File("index.html"), """
            <!DOCTYPE html><html><body><img src="ok.svg"><img src="figures/missing.svg"><script>undefinedFunction();</script></body></html>
            """);

        var outcome = BrowserCheck.Run(tmp.File("index.html"), BrowserCheck.FindChromium()!, TimeSpan.FromMinutes(1), screenshot: false);

        Assert.Equal(2, outcome.Images);
        Assert.Equal(["figures/missing.svg"], outcome.BrokenImages);
        Assert.Contains(outcome.ConsoleErrors, e => e.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.False(outcome.Passed);
    }
}
