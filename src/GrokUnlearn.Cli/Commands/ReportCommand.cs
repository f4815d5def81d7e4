using System.ComponentModel;
using GrokUnlearn.Report;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Report stage: render artifacts/report/ (HTML, Markdown, figures, runs.parquet) from the training outputs.")]
public sealed class ReportCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        var templates = ReportTemplates.FromDirectory(Path.Combine(ctx.Root, "paper"));
        await new ReportStage(Console.WriteLine, templates).RunAsync(ctx.Plan, ctx.Profile, settings.Force);
        return 0;
    }
}
