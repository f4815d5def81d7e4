using GrokUnlearn.Config;
using GrokUnlearn.Models;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// What a method works with: the model loaded from the starting checkpoint (modified in place), a frozen copy of that
/// checkpoint, the data, the method's settings, an explicit generator (no global RNG), and <see cref="Record"/> to
/// log the curve. <paramref name="architecture"/> builds an untrained model of the same shape.
/// </summary>
public sealed class UnlearningContext : IDisposable
{
    private readonly Func<ModularMlp> _architecture;
    private readonly Action<int> _record;
    private readonly double _initScale;

    public UnlearningContext(ModularMlp model, UnlearnData data, MethodSpec spec, int classes, Generator generator,
        int evalEvery, Action<int> record, Func<ModularMlp> architecture, double initScale)
    {
        Model = model;
        Data = data;
        Spec = spec;
        Classes = classes;
        Generator = generator;
        EvalEvery = evalEvery;
        _record = record;
        _architecture = architecture;
        _initScale = initScale;
        // Copied now, before any method touches the model, and without drawing from the generator.
        Original = architecture();
        using (no_grad())
        {
            var target = Original.state_dict();
            foreach (var (name, tensor) in model.state_dict()) target[name].copy_(tensor);
        }
        foreach (var p in Original.parameters()) p.requires_grad = false;
        Original.eval();
    }

    public ModularMlp Model { get; }
    public UnlearnData Data { get; }
    public MethodSpec Spec { get; }
    public int Classes { get; }
    public Generator Generator { get; }
    public int EvalEvery { get; }

    /// <summary>A frozen copy of the starting checkpoint (teacher for SCRUB and Bad Teacher, anchor for SalUn's mask).</summary>
    public ModularMlp Original { get; }

    /// <summary>Evaluate and record a curve row after <paramref name="updates"/> updates (0 = the starting checkpoint).</summary>
    public void Record(int updates) => _record(updates);

    /// <summary>A new model of the same architecture, initialised from this context's generator (Bad Teacher's incompetent teacher).</summary>
    public ModularMlp NewModel()
    {
        var model = _architecture();
        model.Initialise(Generator, _initScale);
        return model;
    }

    public void Dispose() => Original.Dispose();
}
