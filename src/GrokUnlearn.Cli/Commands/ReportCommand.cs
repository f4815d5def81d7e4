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
        [Description("After rendering, load index.html in headless Chromium: fail on console errors or images that do not render.")]
        public bool CheckBrowser { get; init; }
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
        foreach (var e in outcome.ConsoleErrors) Console.Error.WriteLine($"[report] console error: {e}");
        foreach (var b in outcome.BrokenImages) Console.Error.WriteLine($"[report] image did not render: {b}");
        Console.WriteLine($"[report] browser check: {outcome.Images} images, {outcome.BrokenImages.Count} broken, {outcome.ConsoleErrors.Count} console errors → {(outcome.Passed ? "passed" : "FAILED")}");
        return outcome.Passed ? 0 : 1;
    }
}
