using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// The forget set, the retain rows a method draws from, and the test set of one scenario as tensors (inputs and labels
/// or answer targets), plus every refusal answer of a language task's forget questions. Owns its tensors.
/// </summary>
public sealed class UnlearnData : IDisposable
{
    public UnlearnData(Tensor forgetX, Tensor forgetY, Tensor retainX, Tensor retainY, Tensor testX, Tensor testY, Tensor? idkX = null, Tensor? idkY = null)
    {
        if (forgetY.shape[0] == 0) throw new InvalidOperationException("The forget set is empty.");
        if (idkY is not null && idkY.shape[0] % forgetY.shape[0] != 0)
            throw new ArgumentException($"refusal rows ({idkY.shape[0]}) are not a whole number per forget row ({forgetY.shape[0]}).");
        (ForgetX, ForgetY, RetainX, RetainY, TestX, TestY, IdkX, IdkY) = (forgetX, forgetY, retainX, retainY, testX, testY, idkX, idkY);
    }

    /// <summary>
    /// A scenario's sets from a task: forget = the training rows in <paramref name="forget"/> (table order), retain = the
    /// task's retain pool of the other training rows, test = the task's test rows for a model without the forget set.
    /// </summary>
    public static UnlearnData From(LearningTask task, IReadOnlySet<int> forget, ulong methodSeed)
    {
        var forgetRows = task.TrainingRows().Where(r => forget.Contains(r.Index)).ToList();
        var (fx, fy) = task.Tensors(forgetRows);
        var (rx, ry) = task.Tensors(task.RetainPool(task.TrainingRows(forget)));
        var (tx, ty) = task.Tensors(task.TestRows(forget));
        var idk = task.RefusalTensors(forgetRows);
        return new UnlearnData(fx, fy, rx, ry, tx, ty, idk?.X, idk?.Y);
    }

    public Tensor ForgetX { get; }
    public Tensor ForgetY { get; }
    public Tensor RetainX { get; }
    public Tensor RetainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }
    /// <summary>Every forget row with every refusal answer, row-major (row i × answer k at i·<see cref="IdkChoices"/> + k).</summary>
    public Tensor? IdkX { get; }
    public Tensor? IdkY { get; }

    /// <summary>Refusal answers per forget row (0 without refusals).</summary>
    public long IdkChoices => IdkY is null ? 0 : IdkY.shape[0] / ForgetY.shape[0];

    public long ForgetCount => ForgetY.shape[0];
    public long RetainCount => RetainY.shape[0];

    public void Dispose()
    {
        foreach (var t in new[] { ForgetX, ForgetY, RetainX, RetainY, TestX, TestY, IdkX, IdkY }) t?.Dispose();
    }
}
