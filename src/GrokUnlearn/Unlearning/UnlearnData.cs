using GrokUnlearn.Data;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>The forget, retain and test sets of one scenario as full-batch tensors (inputs [N, 2], labels [N]).</summary>
public sealed class UnlearnData : IDisposable
{
    public UnlearnData(IReadOnlyList<ModularPairRow> pairs, IReadOnlySet<int> forgetIndices)
    {
        var train = pairs.Where(r => r.Split == "train").ToList();
        (ForgetX, ForgetY) = ModularArithmetic.ToTensors(train.Where(r => forgetIndices.Contains(r.Index)).ToList());
        (RetainX, RetainY) = ModularArithmetic.ToTensors(train.Where(r => !forgetIndices.Contains(r.Index)).ToList());
        (TestX, TestY) = ModularArithmetic.ToTensors(pairs.Where(r => r.Split == "test").ToList());
        if (ForgetY.shape[0] == 0) throw new InvalidOperationException("The forget set is empty.");
    }

    public Tensor ForgetX { get; }
    public Tensor ForgetY { get; }
    public Tensor RetainX { get; }
    public Tensor RetainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    public void Dispose()
    {
        foreach (var t in new[] { ForgetX, ForgetY, RetainX, RetainY, TestX, TestY }) t.Dispose();
    }
}
