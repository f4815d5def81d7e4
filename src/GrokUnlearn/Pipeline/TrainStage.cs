using GrokUnlearn.Config;
using GrokUnlearn.Data;
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
            if (cell.Data.Spec is ImageDatasetSpec)
            {
                using var task = TrainingTask.Images(cell, await ImageTable.ReadAsync(cell.Data.LockTable));
                await trainer.RunAsync(cell, task, ct);
            }
            else if (cell.Data.Spec is AuthorsDatasetSpec)
            {
                using var task = TrainingTask.Language(cell, await DataStage.ReadQaAsync(cell.Data));
                await trainer.RunAsync(cell, task, ct);
            }
            else await trainer.RunAsync(cell, await DataStage.ReadPairsAsync(cell.Data), ct);
        });
    }
}
