using GrokUnlearn.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// A float64 copy of a model (eval mode) and float64 inputs, for the measures built from losses and gradients: at a
/// grokked checkpoint the forget loss is ≈ 2e-6, and float32 cross-entropy cancels most of its digits (an independent
/// float64 recomputation of the modular gradient cosine differed from the float32 one by 1.3–1.4e-3).
/// </summary>
public static class Float64Model
{
    public static nn.Module<Tensor, Tensor> Copy(LearningTask task, nn.Module<Tensor, Tensor> model)
    {
        var copy = task.CopyOf(model).to(ScalarType.Float64);
        copy.eval();
        return copy;
    }

    /// <summary>Floating inputs as float64; integer inputs (token ids, operands) as they are.</summary>
    public static Tensor Input(Tensor x) => x.is_floating_point() ? x.to_type(ScalarType.Float64) : x.alias();
}
