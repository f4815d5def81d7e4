using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>A model with a residue axis (modular arithmetic): what the Fourier measures read.</summary>
public interface IResidueModel
{
    /// <summary>The embedding matrix [p, d]: one row per residue.</summary>
    Tensor EmbeddingWeight { get; }

    /// <summary>First-layer neurons as functions of each operand's residue: [p, 2 · width] (operand a's responses, then b's).</summary>
    Tensor FirstLayerResidueResponses();
}
