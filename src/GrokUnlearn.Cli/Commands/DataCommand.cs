using System.ComponentModel;
using GrokUnlearn.Data;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Data stage: generate or obtain each dataset (cache, mirrors, download) and persist its train/test split.")]
public sealed class DataCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        if (settings.OnSlurm)
        {
            await ctx.SubmitAsync(settings, "data", ("data", ctx.Plan.Data.Cast<StageCell>().Concat(ctx.Plan.Splits)));
            return 0;
        }
        ctx.Store.DeleteStaleTempFiles();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("GrokUnlearn/1.0 (+dataset download)");
        var downloader = settings.Offline ? null : new DatasetDownloader(http, Console.WriteLine);
        var sources = new DatasetSources(ctx.Store.DownloadsDir, DatasetSources.DefaultMirrorRoots(settings.DataRoot), ctx.Root, downloader, Console.WriteLine);
        return await LiveProgress.RunAsync(async () =>
        {
            await new DataStage(Console.WriteLine, sources).RunAsync(ctx.Plan, settings.Force, ctx.Selected, cancellationToken);
            return 0;
        });
    }
}
