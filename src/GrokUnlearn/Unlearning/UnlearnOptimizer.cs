using GrokUnlearn.Config;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// The optimizer a method's settings name: Adam, AdamW (PyTorch's default betas and eps) or SGD with momentum, each
/// updating all its parameters at once over flat buffers (<see cref="Training.Optimizers.FlatParameters"/>).
/// </summary>
public static class UnlearnOptimizer
{
    public static readonly string[] Names = ["adam", "adamw", "sgd"];

    public static optim.Optimizer Create(nn.Module<Tensor, Tensor> model, MethodSpec spec) => Create(model.parameters(), spec);

    /// <summary>The optimizer over <paramref name="parameters"/> only (a method that updates a subset, as RMU does).</summary>
    public static optim.Optimizer Create(IEnumerable<TorchSharp.Modules.Parameter> parameters, MethodSpec spec) => spec.Optimizer switch
    {
        "sgd" => new Training.Optimizers.SGD(parameters, spec.Lr, spec.Momentum, spec.WeightDecay),
        "adam" => new Training.Optimizers.Adam(parameters, spec.Lr, weightDecay: spec.WeightDecay),
        "adamw" => new Training.Optimizers.AdamW(parameters, spec.Lr, weightDecay: spec.WeightDecay),
        _ => throw new ArgumentException($"unknown optimizer '{spec.Optimizer}'; allowed values: {string.Join(", ", Names)}."),
    };
}
