using System.ComponentModel;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Report stage: render artifacts/report/<profile>/ (HTML, Markdown, figures, runs.parquet); --check-browser opens it in headless Chromium.")]
public sealed class ReportCommand : AsyncCommand<ReportCommand.Settings>
{
    public sealed class Settings : PipelineSettings
    {
        [CommandOption("--check-browser")]
        [Description("After rendering, load index.html in headless Chromium at 1400 px: fail on console errors, images that do not render, table cells narrower than a word, an abstract or headline figure off the first screen, or a verdict matrix past the third; save screenshot.png beside it.")]
        public bool CheckBrowser { get; init; }
    }

    /// <summary>Where the first screen's content landed, and the screenshot, in words.</summary>
    private static IEnumerable<string> BrowserCheckLines(BrowserCheck.Outcome o)
    {
        static string Px(double? v) => v is { } x ? $"{x:F0} px" : "none";
        yield return $"[report] at {BrowserCheck.Width} × {BrowserCheck.ScreenHeight} px: abstract ends at {Px(o.AbstractBottom)}, first figure ends at {Px(o.HeroFigureBottom)} " +
                     $"({(o.FirstScreenHoldsAbstractAndFigure ? "both on the first screen" : "NOT both on the first screen")}); verdict matrix starts at {Px(o.MatrixTop)} " +
                     $"({(o.MatrixWithinThreeScreens ? "within three screens" : "NOT within three screens")}); page {o.PageHeight:F0} px = {o.Screens:F1} screens (folded boxes closed).";
        if (o.Screenshot is { } shot) yield return $"[report] full-page screenshot: {shot}";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        if (settings.OnSlurm)
        {
            if (settings.CheckBrowser) throw new Config.ConfigException("--check-browser needs the report here; run it with the local executor once the Slurm jobs are done.");
            await ctx.SubmitAsync(settings, "report", ("report", [ctx.Plan.Report]));
            return 0;
        }
        var templates = ReportTemplates.FromDirectory(Path.Combine(ctx.Root, "paper"));
        await new ReportStage(Console.WriteLine, templates).RunAsync(ctx.Plan, ctx.Profile, settings.Force);
        if (!settings.CheckBrowser) return 0;
        var chromium = BrowserCheck.FindChromium();
        if (chromium is null)
        {
            Console.Error.WriteLine("error: --check-browser needs Chromium on PATH (Debian: apt-get install chromium).");
            return 1;
        }
        var outcome = BrowserCheck.Run(Path.Combine(ctx.Plan.Report.Directory, "index.html"), chromium, TimeSpan.FromMinutes(3));
        foreach (var line in BrowserCheckLines(outcome)) Console.WriteLine(line);
        foreach (var e in outcome.ConsoleErrors) Console.Error.WriteLine($"[report] console error: {e}");
        foreach (var b in outcome.BrokenImages) Console.Error.WriteLine($"[report] image did not render: {b}");
        foreach (var c in outcome.NarrowCells) Console.Error.WriteLine($"[report] table cell narrower than its longest word: {c}");
        Console.WriteLine($"[report] browser check: {outcome.Images} images, {outcome.BrokenImages.Count} broken, {outcome.ConsoleErrors.Count} console errors, " +
                          $"{outcome.NarrowCells.Count} narrow cells → {(outcome.Passed ? "passed" : "FAILED")}");
        return outcome.Passed ? 0 : 1;
    }
}
