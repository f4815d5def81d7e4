using GrokUnlearn.Training;
using GrokUnlearn.Unlearning;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Unlearn stage: first each scenario's retrain oracle (same recipe and seed, trained from scratch on the retain
/// set), then every stale checkpoint × scenario × method cell.
/// </summary>
public sealed class UnlearnStage(Action<string> log)
{
    public async Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct)
    {
        if (plan.Unlearn.Count == 0 && plan.LanguageUnlearn.Count == 0)
        {
            log("[unlearn] the profile has no unlearn section: nothing to do.");
            return 0;
        }
        var runner = new StageRunner(log);
        var cells = plan.Unlearn.Where(c => selected(c)).ToList();
        var trainer = new Trainer(log);
        var ran = await RunOraclesAsync(runner, plan.Oracles, cells.Select(c => c.Oracle), force, selected, async oracle =>
        {
            await StageRunner.RequireFreshAsync("unlearn", [oracle.Data, oracle.RetainOnly!]);
            var pairs = DataStage.WithoutForgetSet(await DataStage.ReadPairsAsync(oracle.Data), await DataStage.ReadForgetIndicesAsync(oracle.RetainOnly!));
            await trainer.RunAsync(oracle, pairs, ct);
        }, "retrain-oracle cell(s)");
        var unlearner = new UnlearnRunner(log);
        ran += await runner.RunAsync("unlearn", cells, force, async cell =>
        {
            ct.ThrowIfCancellationRequested();
            await StageRunner.RequireFreshAsync("unlearn", [cell.Run, cell.Split, cell.Oracle]);
            await unlearner.RunAsync(cell, await DataStage.ReadPairsAsync(cell.Run.Data), await DataStage.ReadForgetIndicesAsync(cell.Split));
        }, "method cell(s)");
        return ran + await RunLanguageAsync(plan, force, selected, ct);
    }

    /// <summary>The language track: retain-only oracles first, then every checkpoint × forget split × method cell.</summary>
    private async Task<int> RunLanguageAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct)
    {
        if (plan.LanguageUnlearn.Count == 0) return 0;
        var runner = new StageRunner(log);
        var cells = plan.LanguageUnlearn.Where(c => selected(c)).ToList();
        var trainer = new Trainer(log);
        var ran = await RunOraclesAsync(runner, plan.LanguageOracles, cells.Select(c => c.Oracle), force, selected, async oracle =>
        {
            await StageRunner.RequireFreshAsync("unlearn", [oracle.Data]);
            using var task = TrainingTask.Language(oracle, await DataStage.ReadQaAsync(oracle.Data));
            await trainer.RunAsync(oracle, task, ct);
        }, "retain-only oracle cell(s)");
        var unlearner = new Language.Unlearning.LanguageUnlearnRunner(log);
        return ran + await runner.RunAsync("unlearn", cells, force, async cell =>
        {
            ct.ThrowIfCancellationRequested();
            await StageRunner.RequireFreshAsync("unlearn", [cell.Run, cell.Oracle]);
            await unlearner.RunAsync(cell, await DataStage.ReadQaAsync(cell.Run.Data));
        }, "language method cell(s)");
    }

    /// <summary>
    /// Oracles that are selected themselves run like any cell (forced with --force); oracles that are only needed by a
    /// selected cell run when stale, so re-running one method with --force does not retrain its oracle.
    /// </summary>
    private static async Task<int> RunOraclesAsync(StageRunner runner, IReadOnlyList<TrainCell> all, IEnumerable<TrainCell> needed, bool force,
        Func<StageCell, bool> selected, Func<TrainCell, Task> run, string what)
    {
        var neededSet = needed.ToHashSet();
        var chosen = all.Where(o => selected(o)).ToList();
        var ran = await runner.RunAsync("unlearn", chosen, force, run, what);
        var onlyNeeded = all.Where(o => !chosen.Contains(o) && neededSet.Contains(o)).ToList();
        return onlyNeeded.Count == 0 ? ran : ran + await runner.RunAsync("unlearn", onlyNeeded, false, run, what + " needed by the selected cells");
    }
}
