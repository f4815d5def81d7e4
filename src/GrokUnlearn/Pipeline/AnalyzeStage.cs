using GrokUnlearn.Analysis;

namespace GrokUnlearn.Pipeline;

/// <summary>Analyze stage: measures every stale analyze cell (starting checkpoints, then unlearned models).</summary>
public sealed class AnalyzeStage(Action<string> log)
{
    public async Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct)
    {
        if (plan.Analyze.Count == 0)
        {
            log("[analyze] the profile has no analyze section: nothing to do.");
            return 0;
        }
        var runner = new StageRunner(log);
        var analyzer = new AnalyzeRunner(log);
        using var tasks = new RunTaskCache();
        return await runner.RunAsync("analyze", plan.Analyze.Where(c => selected(c)).OrderBy(c => c.After is not null), force, async cell =>
        {
            ct.ThrowIfCancellationRequested();
            StageCell[] upstream = cell.After is null ? [cell.Run, cell.Split] : [cell.Run, cell.Split, cell.After];
            await StageRunner.RequireFreshAsync("analyze", upstream);
            await analyzer.RunAsync(await cell.JobAsync(), await tasks.ForAsync(cell.Run), await DataStage.ReadForgetIndicesAsync(cell.Split));
        }, "analysis cell(s)");
    }
}
