using System.ComponentModel;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Analyze stage: gradient alignment, local complexity, CKA, representation structure and curvature of every starting checkpoint, before and after unlearning.")]
public sealed class AnalyzeCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        if (settings.OnSlurm)
        {
            await ctx.SubmitAsync(settings, "analyze", ("analyze", ctx.Plan.Analyze));
            return 0;
        }
        // On a terminal: a live display of the phases and running cells; otherwise the plain lines.
        return await LiveProgress.RunAsync(async () =>
        {
            if (await LocalWorkers.RunAsync(settings, ctx.Profile.Threads, ctx.Plan.Analyze.Where(ctx.Selected), cancellationToken) is { } code) return code;
            await new AnalyzeStage(Console.WriteLine).RunAsync(ctx.Plan, settings.Force, ctx.Selected, cancellationToken);
            return LocalWorkers.Finish();
        });
    }
}
