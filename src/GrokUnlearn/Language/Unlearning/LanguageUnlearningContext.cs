using GrokUnlearn.Config;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>What a method's loss may read: the model being unlearned, the frozen starting model, its options, the seed.</summary>
public sealed class LanguageUnlearningContext(DecoderTransformer model, DecoderTransformer? reference, MethodSpec spec, int seed)
{
    public DecoderTransformer Model { get; } = model;

    /// <summary>A frozen copy of the starting checkpoint (null for methods that do not need one).</summary>
    public DecoderTransformer Reference => reference ?? throw new InvalidOperationException($"method {Spec.Name} has no reference model.");

    public MethodSpec Spec { get; } = spec;
    public int Seed { get; } = seed;

    /// <summary>Per-method state that lives for the whole run (RMU's random direction).</summary>
    public Dictionary<string, Tensor> State { get; } = [];
}
