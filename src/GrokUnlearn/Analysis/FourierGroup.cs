using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>Fourier sparsity of a modular MLP: IPR and top-frequency power of the embedding over the residues, and IPR of the first-layer neurons as functions of each operand.</summary>
public sealed class FourierGroup : IMeasureGroup
{
    public string Name => "fourier";
    public IReadOnlyList<string> Measures => ["fourier_ipr", "fourier_top_power"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) => model is IResidueModel
        ? null
        : "Fourier IPR is defined over the p residues of a modular embedding; this model has no residue axis";

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var model = (IResidueModel)m.Model;
        var embedding = model.EmbeddingWeight.detach();
        m.Add("fourier_ipr", "embed", "weights", RepresentationStructure.FourierIpr(embedding));
        m.Add("fourier_top_power", "embed", "weights", RepresentationStructure.TopFrequencyPower(embedding, m.Spec.TopFrequencies), $"top {m.Spec.TopFrequencies} frequencies");
        m.Add("fourier_ipr", "hidden.0", "weights", RepresentationStructure.FourierIpr(model.FirstLayerResidueResponses()));
    }
}
