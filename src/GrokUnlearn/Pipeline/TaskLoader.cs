using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Tasks;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Reads a data cell's table into its <see cref="LearningTask"/>: the one place that maps a dataset kind to a task
/// implementation. Without a model spec the task serves its rows only (the Data stage's forget splits).
/// </summary>
public static class TaskLoader
{
    public static async Task<LearningTask> LoadAsync(DataCell data, ModelSpec? model = null, TorchSharp.torch.Device? device = null)
    {
        LearningTask task = data.Spec switch
        {
            ModularDatasetSpec m => new ModularTask(await DataStage.ReadPairsAsync(data), m.P, model as ModularMlpSpec),
            ImageDatasetSpec => new ImageTask(await ImageTable.ReadAsync(data.LockTable), model),
            AuthorsDatasetSpec => new LanguageTask(await DataStage.ReadQaAsync(data), model as TransformerSpec),
            _ => throw new NotSupportedException($"dataset kind {data.Spec.Kind} has no task."),
        };
        if (device is not null) task.Device = device;
        return task;
    }

    /// <summary>The task of a training run's dataset, with the run's model.</summary>
    public static Task<LearningTask> LoadAsync(TrainCell cell) => LoadAsync(cell.Data, cell.Run.Model, DeviceSetting.Resolve(cell.Device));
}
