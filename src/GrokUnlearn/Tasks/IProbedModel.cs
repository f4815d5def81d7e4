using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// What the mechanism analyses need from a model, declared by the model itself so any architecture can be probed by
/// layer name (activations are modules, read through forward hooks, as TorchSharp's own ResNet registers its ReLUs).
/// </summary>
public interface IProbedModel
{
    /// <summary>The continuous space the network starts from: the embedded operands of a modular MLP, the pixels of an image model.</summary>
    Tensor InputSpace(Tensor x);

    /// <summary>The outputs (logits) for points of the input space.</summary>
    Tensor FromInputSpace(Tensor h);

    /// <summary>Representations in forward order; the last is the output layer, the one before it the final-layer feature.</summary>
    IReadOnlyList<ProbePoint> RepresentationLayers { get; }

    /// <summary>Every pre-activation of the piecewise-linear network (the input of each ReLU) and the output layer, in forward order.</summary>
    IReadOnlyList<ProbePoint> PreActivations { get; }

    /// <summary>The parameter-name prefix of the classifier layer ("head.", "fc.").</summary>
    string ClassifierPrefix { get; }
}
