using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// Batched evaluation of a model on a set (eval mode, no gradients), in chunks of about <see cref="ChunkElements"/>
/// input elements so a convolutional network on thousands of images stays within memory. A small set is one pass, so
/// full-batch numbers are exactly those of a single forward call.
/// </summary>
public static class TaskEvaluation
{
    public const long ChunkElements = 1L << 22;

    /// <summary>Rows per chunk for inputs <paramref name="x"/>.</summary>
    public static long ChunkRows(Tensor x, long? rows = null)
    {
        var n = Math.Max(1, x.shape[0]);
        return rows is > 0 ? rows.Value : Math.Max(1, ChunkElements / Math.Max(1, x.numel() / n));
    }

    /// <summary>The model's outputs for every row (detached), computed chunk by chunk and concatenated.</summary>
    public static Tensor Outputs(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var _ = no_grad();
        model.eval();
        var n = x.shape[0];
        var chunk = ChunkRows(x);
        if (n <= chunk) return model.call(x);
        var parts = new List<Tensor>();
        for (long i = 0; i < n; i += chunk)
            parts.Add(model.call(x.narrow(0, i, Math.Min(chunk, n - i))));
        var all = cat(parts);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>Fraction of rows the model gets right (argmax = label; for sequences every answer token right).</summary>
    public static double Accuracy(Tensor outputs, Tensor y) =>
        Correct(outputs, y).to_type(ScalarType.Float64).mean().ToDouble();

    /// <summary>Per row: correct or not. Sequence outputs [B, T, V] count a row correct when every answer token is.</summary>
    public static Tensor Correct(Tensor outputs, Tensor y) => outputs.dim() == 3
        ? outputs.argmax(-1).eq(y).logical_or(y.eq(-100)).all(1)
        : outputs.argmax(1).eq(y);

    /// <summary>Mean cross-entropy of outputs against labels (token-level over answer tokens for sequences).</summary>
    public static Tensor CrossEntropy(Tensor outputs, Tensor y) => outputs.dim() == 3
        ? nn.functional.cross_entropy(outputs.flatten(0, 1), y.flatten(), ignore_index: -100)
        : nn.functional.cross_entropy(outputs, y);

    /// <summary>Per-row cross-entropy [N] (mean over answer tokens for sequences).</summary>
    public static Tensor PerExampleLoss(Tensor outputs, Tensor y)
    {
        if (outputs.dim() != 3) return nn.functional.cross_entropy(outputs, y, reduction: nn.Reduction.None);
        var tokens = nn.functional.cross_entropy(outputs.flatten(0, 1), y.flatten(), ignore_index: -100, reduction: nn.Reduction.None)
            .reshape(y.shape[0], y.shape[1]);
        var mask = y.ne(-100).to_type(tokens.dtype);
        return tokens.mul(mask).sum(1) / mask.sum(1).clamp_min(1);
    }

    /// <summary>Accuracy, mean loss and per-example losses of a model on a set, chunked.</summary>
    public static (double Accuracy, double Loss, Tensor PerExample) Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var outputs = Outputs(model, x);
        var perExample = PerExampleLoss(outputs, y);
        return (Accuracy(outputs, y), CrossEntropy(outputs, y).ToDouble(), perExample.MoveToOuterDisposeScope());
    }
}
