using GrokUnlearn.Config;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// Floating-point operations of one training step, counted from the architecture: multiply-adds of the linear and
/// convolution layers (2 FLOPs each) in the forward pass, the same again for the weight gradients, and again for the
/// input gradients of every layer whose input needs one (not the first layer on raw images). Element-wise work
/// (activations, pooling, loss, optimizer) is left out, so achieved GFLOP/s are a lower bound on the machine's work.
/// </summary>
public static class FlopCount
{
    public static double PerStep(BenchmarkWorkload workload)
    {
        var n = (double)workload.Batch;
        switch (workload.Model)
        {
            case ModularMlpSpec m:
            {
                // The embedding is trainable, so even the first Linear's input gradient is needed.
                var forward = Linears(n, 2 * m.EmbedDim, m.Hidden, workload.Classes);
                return 3 * forward;
            }
            case ImageMlpSpec m:
            {
                var inputs = workload.InputShape.Aggregate(1, (a, b) => a * b);
                var forward = Linears(n, inputs, m.Hidden, workload.Classes);
                var first = 2 * n * inputs * (m.Hidden.Count > 0 ? m.Hidden[0] : workload.Classes);
                return 3 * forward - first;
            }
            case CnnSpec m:
            {
                var (c, h, w) = (workload.InputShape[0], workload.InputShape[1], workload.InputShape[2]);
                double forward = 0, first = 0;
                foreach (var outChannels in m.Channels)
                {
                    var conv = 2 * n * h * w * outChannels * c * 9;
                    if (first == 0) first = conv;
                    forward += conv;
                    (c, h, w) = (outChannels, h / 2, w / 2);
                }
                forward += Linears(n, c * h * w, m.Hidden > 0 ? [m.Hidden] : [], workload.Classes);
                return 3 * forward - first;
            }
            case TransformerSpec m:
            {
                // Per token and layer: Q, K, V and output projections (4·d²) and the MLP (2·d·d_mlp); per sequence and
                // layer: QKᵀ and weights·V (2·T²·d); then the head (d·V). Every operand is trainable or an activation,
                // so the backward pass computes both gradients of every product.
                var t = (double)workload.InputShape[0];
                var perToken = m.Layers * (4.0 * m.DModel * m.DModel + 2.0 * m.DModel * m.DMlp) + (double)m.DModel * workload.Classes;
                var forward = 2 * n * (t * perToken + m.Layers * 2 * t * t * m.DModel);
                return 3 * forward;
            }
            default:
                throw new NotSupportedException($"no FLOP count for model kind {workload.Model?.Kind}");
        }
    }

    /// <summary>2·m·n·n FLOPs of a square float32 matmul.</summary>
    public static double Matmul(int size) => 2.0 * size * size * size;

    private static double Linears(double n, int inputs, IReadOnlyList<int> hidden, int outputs)
    {
        double flops = 0;
        var width = inputs;
        foreach (var h in hidden.Append(outputs))
        {
            flops += 2 * n * width * h;
            width = h;
        }
        return flops;
    }
}
