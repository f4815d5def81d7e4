using GrokUnlearn.Config;
using GrokUnlearn.Models;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// What a method works with: the model loaded from the starting checkpoint (modified in place), the data, the
/// method's settings, an explicit generator (no global RNG), and <see cref="Record"/> to log the curve.
/// </summary>
public sealed class UnlearningContext(ModularMlp model, UnlearnData data, MethodSpec spec, int classes, Generator generator,
    int evalEvery, Action<int> record)
{
    public ModularMlp Model { get; } = model;
    public UnlearnData Data { get; } = data;
    public MethodSpec Spec { get; } = spec;
    public int Classes { get; } = classes;
    public Generator Generator { get; } = generator;
    public int EvalEvery { get; } = evalEvery;

    /// <summary>Evaluate and record a curve row after <paramref name="updates"/> updates (0 = the starting checkpoint).</summary>
    public void Record(int updates) => record(updates);
}
