using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Report;

/// <summary>
/// The rendered report in headless Chromium: loads with no console errors and every image renders. A person can run
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

        // Then
        Assert.Empty(outcome.ConsoleErrors);
        Assert.Empty(outcome.BrokenImages);
        Assert.True(outcome.Images >= 10, $"{outcome.Images} images found");
    }

    [ChromiumFact]
    public void The_Check_Should_Catch_A_Missing_Image_And_A_Script_Error()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("ok.svg"), """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>""");
        File.WriteAllText(tmp.File("index.html"), """
            <!DOCTYPE html><html><body><img src="ok.svg"><img src="figures/missing.svg"><script>undefinedFunction();</script></body></html>
            """);

        var outcome = BrowserCheck.Run(tmp.File("index.html"), BrowserCheck.FindChromium()!, TimeSpan.FromMinutes(1));

        Assert.Equal(2, outcome.Images);
        Assert.Equal(["figures/missing.svg"], outcome.BrokenImages);
        Assert.Contains(outcome.ConsoleErrors, e => e.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.False(outcome.Passed);
    }
}
