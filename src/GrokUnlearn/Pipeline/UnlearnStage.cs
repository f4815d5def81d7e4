using GrokUnlearn.Training;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Unlearn stage, every track alike: first each scenario's retrain oracle (same recipe and seed, trained from scratch
/// without the forget set) and each local-grokking labels cell, then every stale checkpoint × scenario × method cell.
/// </summary>
public sealed class UnlearnStage(Action<string> log)
{
    public async Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct)
    {
        if (plan.Unlearn.Count == 0)
        {
            log("[unlearn] the profile has no unlearn section: nothing to do.");
            return 0;
        }
        var runner = new StageRunner(log);
        var cells = plan.Unlearn.Where(c => selected(c)).ToList();
        var trainer = new Trainer(log);
        var ran = await RunOraclesAsync(runner, plan.Oracles, cells.Select(c => c.Oracle).OfType<TrainCell>(), force, selected, async oracle =>
        {
            await StageRunner.RequireFreshAsync("unlearn", [oracle.Data, oracle.RetainOnly!]);
            using var learning = await TaskLoader.LoadAsync(oracle);
            using var task = TrainingTask.From(learning, oracle.Seed, await DataStage.ReadForgetIndicesAsync(oracle.RetainOnly!));
            await trainer.RunAsync(oracle.Job, task, ct);
        }, "retrain-oracle cell(s)");
        using var tasks = new RunTaskCache();
        // The Table 2 design's labels and forget sets, like the oracles: selected ones run, needed stale ones too.
        ran += await RunOraclesAsync(runner, plan.LocalGrokking, cells.Select(c => (c.Forget as LocalForgetSet)?.Labels).OfType<LocalGrokCell>(),
            force, selected, async labels =>
            {
                await StageRunner.RequireFreshAsync("unlearn", [labels.Run]);
                log($"[unlearn] {await labels.RunAsync((Tasks.LanguageTask)await tasks.ForAsync(labels.Run))}");
            }, "local-grokking label cell(s)");
        var unlearner = new UnlearnRunner(log);
        return ran + await runner.RunAsync("unlearn", cells, force, async cell =>
        {
            ct.ThrowIfCancellationRequested();
            await StageRunner.RequireFreshAsync("unlearn", cell.Oracle is null ? [cell.Run, cell.Forget.Cell] : [cell.Run, cell.Forget.Cell, cell.Oracle]);
            var (forget, notDrawn) = await cell.Forget.ReadAsync();
            await unlearner.RunAsync(await cell.JobAsync(), await tasks.ForAsync(cell.Run), forget, notDrawn);
        }, "method cell(s)");
    }

    /// <summary>
    /// Oracles that are selected themselves run like any cell (forced with --force); oracles that are only needed by a
    /// selected cell run when stale, so re-running one method with --force does not retrain its oracle.
    /// </summary>
    private static async Task<int> RunOraclesAsync<TCell>(StageRunner runner, IReadOnlyList<TCell> all, IEnumerable<TCell> needed, bool force,
        Func<StageCell, bool> selected, Func<TCell, Task> run, string what) where TCell : StageCell
    {
        var neededSet = needed.ToHashSet();
        var chosen = all.Where(o => selected(o)).ToList();
        var ran = await runner.RunAsync("unlearn", chosen, force, run, what);
        var onlyNeeded = all.Where(o => !chosen.Contains(o) && neededSet.Contains(o)).ToList();
        return onlyNeeded.Count == 0 ? ran : ran + await runner.RunAsync("unlearn", onlyNeeded, false, run, what + " needed by the selected cells");
    }
}
