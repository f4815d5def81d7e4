using GrokUnlearn.Tasks;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Holds the task of the training run whose cells are being processed, so a stage reads a run's data once for all its
/// checkpoints, scenarios and methods (cells of one run come together in the plan); the previous run's task is freed.
/// </summary>
public sealed class RunTaskCache : IDisposable
{
    private (string Run, LearningTask Task)? _loaded;

    public async Task<LearningTask> ForAsync(TrainCell run)
    {
        if (_loaded?.Run == run.Id) return _loaded.Value.Task;
        _loaded?.Task.Dispose();
        _loaded = null;
        var task = await TaskLoader.LoadAsync(run);
        _loaded = (run.Id, task);
        return task;
    }

    public void Dispose() => _loaded?.Task.Dispose();
}
