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
    /// <summary>Points per pass are limited so that points × vertices × input width stays under this many elements …</summary>
    public const long ChunkElements = 1L << 23;

    /// <summary>… and points × vertices × (all pre-activations of one input) under this many (a ResNet's feature maps are far wider than its input).</summary>
    public const long ActivationChunkElements = 1L << 26;

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
    /// Crossed neurons per point and layer: [N, layers] counts. <paramref name="preActivations"/> maps points of the input
    /// space [M, D] to every layer's pre-activations (any shape [M, …]; each entry of a layer is one neuron).
    /// </summary>
    /// <param name="points">[N, D] centres (flattened input space).</param>
    /// <param name="directions">[P, D] unit directions; the 2P vertices are x ± radius·v.</param>
    public static Tensor CrossedNeurons(Func<Tensor, IReadOnlyList<Tensor>> preActivations, Tensor points, Tensor directions, double radius)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var n = points.shape[0];
        var d = points.shape[1];
        var offsets = (cat([directions, -directions]) * radius).to(points.device);   // [2P, D]
        var vertices = offsets.shape[0];
        long perInput;
        using (NewDisposeScope()) perInput = preActivations(points.narrow(0, 0, Math.Min(1, n))).Sum(z => z.numel());
        var chunk = Math.Max(1, Math.Min(ChunkElements / (vertices * d), ActivationChunkElements / Math.Max(1, vertices * perInput)));
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            var len = Math.Min(chunk, n - start);
            var h = (points.narrow(0, start, len).unsqueeze(1) + offsets.unsqueeze(0)).reshape(-1, d);  // [len·2P, D]
            var counts = preActivations(h).Select(z =>
            {
                var positive = z.gt(0).reshape(len, vertices, -1);
                return positive.ne(positive[.., ..1, ..]).any(1).sum(1);                              // [len]
            }).ToList();
            parts.Add(stack(counts, 1).MoveToOuterDisposeScope());
        }
        return cat(parts).MoveToOuterDisposeScope();
    }

    /// <summary>The pre-activations of a ReLU stack of linear layers (ReLU between layers, none after the last): the test reference.</summary>
    public static Func<Tensor, IReadOnlyList<Tensor>> LinearStack(IReadOnlyList<TorchSharp.Modules.Linear> layers) => h =>
    {
        var result = new List<Tensor>();
        for (var i = 0; i < layers.Count; i++)
        {
            var z = layers[i].call(h);
            result.Add(z);
            if (i < layers.Count - 1) h = nn.functional.relu(z);
        }
        return result;
    };
}
