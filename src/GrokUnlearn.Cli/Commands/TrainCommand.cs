using System.ComponentModel;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Train stage: train each stale cell until it groks; save the curve and the fit / θ_pre / θ_grok checkpoints.")]
public sealed class TrainCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        if (settings.OnSlurm)
        {
            await ctx.SubmitAsync(settings, "train", ("train", ctx.Plan.Train));
            return 0;
        }
        // On a terminal: a live display of the phases and running cells; otherwise the plain lines.
        return await LiveProgress.RunAsync(async () =>
        {
            if (await LocalWorkers.RunAsync(settings, ctx.Profile.Threads, ctx.Plan.Train.Where(ctx.Selected), cancellationToken) is { } code) return code;
            await new TrainStage(Console.WriteLine).RunAsync(ctx.Plan, settings.Force, ctx.Selected, cancellationToken);
            return LocalWorkers.Finish();
        });
    }
}
