using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>A p = 7 modular-addition MLP with a forget set (answer 3), for checking one method step by hand.</summary>
public sealed class TinyUnlearning : IDisposable
{
    public const int P = 7;
    private static readonly ModularMlpSpec Spec = new("m", 4, [8], 1.0);

    public TinyUnlearning()
    {
        var pairs = ModularArithmetic.Generate(new ModularDatasetSpec("d", ModularOp.Add, P, 0.6, 0));
        Task = new ModularTask(pairs, P, Spec);
        Data = UnlearnData.From(Task, pairs.Where(r => r.Split == "train" && r.C == 3).Select(r => r.Index).ToHashSet(), 0);
        Model = NewModel();
    }

    public ModularTask Task { get; }
    public UnlearnData Data { get; }
    public ModularMlp Model { get; }

    /// <summary>A model with the same initial weights as <see cref="Model"/> had (same generator seed).</summary>
    public static ModularMlp NewModel()
    {
        var model = new ModularMlp(P, Spec);
        using var g = new Generator(42);
        model.Initialise(g, 1.0);
        return model;
    }

    public UnlearningContext Context(MethodSpec spec, ulong seed = 7, List<int>? recorded = null, UnlearnSettings? settings = null) =>
        new(Task, Model, Data, spec, settings ?? new UnlearnSettings(1), seed, 0, (u, _) => recorded?.Add(u));

    public static MethodSpec Sgd(string name, double lr, int steps = 1, params (string Key, double Value)[] options) =>
        Sgd(name, lr, steps, momentum: 0, weightDecay: 0, options);

    public static MethodSpec Sgd(string name, double lr, int steps, double momentum, double weightDecay, params (string Key, double Value)[] options)
    {
        var method = MethodRegistry.Find(name)!;
        var values = method.Options.ToDictionary(o => o.Key, o => o.Default);
        foreach (var (k, v) in options) values[k] = v;
        return new MethodSpec(name, "sgd", lr, momentum, weightDecay, steps, values);
    }

    /// <summary>Flat copy of all parameters.</summary>
    public static float[] Flat(ModularMlp model)
    {
        using var _ = no_grad();
        return cat(model.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }

    /// <summary>Gradient of <paramref name="loss"/> (built on <paramref name="model"/>) w.r.t. all parameters, flattened.</summary>
    public static float[] Gradient(ModularMlp model, Func<ModularMlp, Tensor> loss)
    {
        model.zero_grad();
        using var scope = NewDisposeScope();
        var parameters = model.parameters().Cast<Tensor>().ToList();
        var grads = autograd.grad([loss(model)], parameters);
        return cat(grads.Select(g => g.flatten()).ToArray()).data<float>().ToArray();
    }

    public void Dispose()
    {
        Model.Dispose();
        Data.Dispose();
        Task.Dispose();
    }
}
