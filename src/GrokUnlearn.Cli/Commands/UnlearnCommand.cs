using System.ComponentModel;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Unlearn stage: train each scenario's retrain oracle, then apply every method to every selected checkpoint.")]
public sealed class UnlearnCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        if (settings.OnSlurm)
        {
            await ctx.SubmitAsync(settings, "unlearn",
                // Language oracles and cells join the same arrays: a task runs `unlearn --only-cell <id>` whatever the track.
                ("oracle", ctx.Plan.Oracles),
                // The Table 2 design's labels wait for training; the method cells wait for both arrays.
                ("labels", ctx.Plan.LocalGrokking),
                ("unlearn", ctx.Plan.Unlearn));
            return 0;
        }
        // On a terminal: a live display of the phases and running cells; otherwise the plain lines.
        return await LiveProgress.RunAsync(async () =>
        {
            if (await LocalWorkers.RunAsync(settings, ctx.Profile.Threads, ctx.Plan.Oracles.Cast<StageCell>().Concat(ctx.Plan.LocalGrokking).Concat(ctx.Plan.Unlearn).Where(ctx.Selected), cancellationToken) is { } code) return code;
            await new UnlearnStage(Console.WriteLine).RunAsync(ctx.Plan, settings.Force, ctx.Selected, cancellationToken);
            return LocalWorkers.Finish();
        });
    }
}
