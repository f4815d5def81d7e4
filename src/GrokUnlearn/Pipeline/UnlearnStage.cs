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
        // An oracle runs when a selected unlearn cell needs it (or it is selected itself).
        var oracles = plan.Oracles.Where(o => selected(o) || cells.Any(c => c.Oracle == o)).ToList();
        var trainer = new Trainer(log);
        var ran = await runner.RunAsync("unlearn", oracles, force, async oracle =>
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
        var oracles = plan.LanguageOracles.Where(o => selected(o) || cells.Any(c => c.Oracle == o)).ToList();
        var trainer = new Trainer(log);
        var ran = await runner.RunAsync("unlearn", oracles, force, async oracle =>
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
}
