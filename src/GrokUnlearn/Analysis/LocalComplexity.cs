using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Local complexity (Humayun, Balestriero &amp; Baraniuk 2024): how many neurons' zero sets (pieces of the network's
/// spline partition) pass through a small cross-polytope around an input. A neuron counts as crossing when the sign
/// of its pre-activation at some vertex differs from its sign at the first vertex; for the first layer this is exact,
/// since a linear function takes its extremes over a polytope at the vertices.
/// </summary>
public static class LocalComplexity
{
    /// <summary>
    /// <paramref name="count"/> mutually orthogonal unit directions in <paramref name="dimension"/>-space (QR of a
    /// Gaussian matrix): the same directions serve every point, so neighbourhoods are comparable.
    /// </summary>
    public static Tensor Directions(int dimension, int count, Generator generator)
    {
        if (count > dimension) throw new ArgumentException($"at most {dimension} orthogonal directions exist in {dimension} dimensions; asked for {count}.");
        using var scope = NewDisposeScope();
        var (q, _) = linalg.qr(randn([dimension, count], generator: generator));
        return q.t().contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Crossed neurons per point and layer: [N, layers] counts for the ReLU stack <paramref name="layers"/> (ReLU between
    /// layers, none after the last; every layer's pre-activation is probed, the logits included).
    /// </summary>
    /// <param name="points">[N, D] centres.</param>
    /// <param name="directions">[P, D] unit directions; the 2P vertices are x ± radius·v.</param>
    public static Tensor CrossedNeurons(IReadOnlyList<Linear> layers, Tensor points, Tensor directions, double radius)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var n = points.shape[0];
        var d = points.shape[1];
        var offsets = cat([directions, -directions]) * radius;                // [2P, D]
        var h = (points.unsqueeze(1) + offsets.unsqueeze(0)).reshape(-1, d);  // [N·2P, D]
        var vertices = offsets.shape[0];
        var counts = new List<Tensor>();
        for (var i = 0; i < layers.Count; i++)
        {
            var z = layers[i].call(h);
            var positive = z.gt(0).reshape(n, vertices, -1);
            var crossed = positive.ne(positive[.., ..1, ..]).any(1);           // [N, width]
            counts.Add(crossed.sum(1));
            if (i < layers.Count - 1) h = nn.functional.relu(z);
        }
        return stack(counts, 1).MoveToOuterDisposeScope();
    }
}
