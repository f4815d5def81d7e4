using GrokUnlearn.Training;

namespace GrokUnlearn.Pipeline;

/// <summary>Train stage: trains every stale train cell to grokking and publishes its curve and checkpoints.</summary>
public sealed class TrainStage(Action<string> log)
{
    public async Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct)
    {
        var cells = plan.Train.Where(c => selected(c)).ToList();
        var trainer = new Trainer(log);
        return await new StageRunner(log).RunAsync("train", cells, force, async cell =>
        {
            await StageRunner.RequireFreshAsync("train", [cell.Data]);
            using var learning = await TaskLoader.LoadAsync(cell);
            using var task = TrainingTask.From(learning, cell.Seed, recordExampleLosses: cell.RecordsExampleLosses);
            await trainer.RunAsync(cell.Job, task, ct);
        });
    }
}
