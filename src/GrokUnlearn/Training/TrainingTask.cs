using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Training;

/// <summary>
/// What one train cell trains: a freshly initialised model and its training and evaluation tensors. Owns them all.
/// </summary>
public sealed class TrainingTask : IDisposable
{
    public TrainingTask(nn.Module<Tensor, Tensor> model, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, int classes,
        Tensor? xValidation = null, Tensor? yValidation = null)
    {
        Model = model;
        XTrain = xTrain;
        YTrain = yTrain;
        XTest = xTest;
        YTest = yTest;
        Classes = classes;
        XValidation = xValidation;
        YValidation = yValidation;
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public Tensor XTrain { get; }
    public Tensor YTrain { get; }
    public Tensor XTest { get; }
    public Tensor YTest { get; }
    public int Classes { get; }

    /// <summary>The dataset row index of each training input, when the run records per-example losses (else null).</summary>
    public IReadOnlyList<int>? ExampleIndices { get; init; }

    /// <summary>The validation split checkpoint selection reads; null when the dataset has none (selection then reads test accuracy).</summary>
    public Tensor? XValidation { get; }
    public Tensor? YValidation { get; }

    /// <summary>
    /// A task's seeded model with its training rows (without <paramref name="excluded"/>: a retrain oracle's forget set)
    /// and its test rows. For a language task accuracy is exact match of every answer token. With
    /// <paramref name="recordExampleLosses"/> the trainer also writes every training example's loss at every evaluation.
    /// </summary>
    public static TrainingTask From(LearningTask task, int seed, IReadOnlySet<int>? excluded = null, bool recordExampleLosses = false)
    {
        var rows = task.TrainingRows(excluded);
        var (xTrain, yTrain) = task.Tensors(rows);
        var (xTest, yTest) = task.Tensors(task.TestRows(excluded));
        var validation = task.ValidationRows();
        var (xVal, yVal) = validation.Count > 0 ? task.Tensors(validation) : ((Tensor?)null, (Tensor?)null);
        return new TrainingTask(task.CreateModel(seed), xTrain, yTrain, xTest, yTest, task.Outputs, xVal, yVal)
        {
            ExampleIndices = recordExampleLosses ? rows.Select(r => r.Index).ToList() : null,
        };
    }

    public void Dispose()
    {
        Model.Dispose();
        XTrain.Dispose();
        YTrain.Dispose();
        XTest.Dispose();
        YTest.Dispose();
        XValidation?.Dispose();
        YValidation?.Dispose();
    }
}
