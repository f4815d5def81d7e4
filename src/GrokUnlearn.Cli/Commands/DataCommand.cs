using System.ComponentModel;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Data stage: generate each dataset and persist its train/test split.")]
public sealed class DataCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        ctx.Store.DeleteStaleTempFiles();
        await new DataStage(Console.WriteLine).RunAsync(ctx.Plan, settings.Force, ctx.Selected);
        return 0;
    }
}
