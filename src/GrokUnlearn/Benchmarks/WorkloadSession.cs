using System.Diagnostics;
using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Models;
using GrokUnlearn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// A workload built with the pipeline's own code: the model (initialised as in training), a pool of random inputs of the
/// workload's shape (speed does not depend on the values), the recipe's optimizer and loss, and <see cref="Trainer.Step"/>.
/// The HVP is <see cref="Curvature"/>'s (the Analyze stage's), from a fresh forward pass each time.
/// </summary>
public sealed class WorkloadSession : IDisposable
{
    private readonly RecipeSpec _fixedBatchRecipe;
    private readonly optim.Optimizer _optimizer;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly Tensor _xBatch, _yBatch;
    private readonly Tensor[] _direction;
    private int _step;

    public WorkloadSession(BenchmarkWorkload workload, int seed = 0)
    {
        if (!workload.Available) throw new ArgumentException($"workload {workload.Id} is not available: {workload.UnavailableReason}");
        var recipe = workload.Recipe!;
        using var generator = new Generator((ulong)seed);
        switch (workload.Model)
        {
            case ModularMlpSpec spec:
            {
                var model = new ModularMlp(workload.Modulus, spec);
                model.Initialise(generator, spec.InitScale);
                Model = model;
                XPool = randint(workload.Modulus, [workload.Pool, 2], generator: generator);
                break;
            }
            case TransformerSpec spec:
            {
                var model = new Language.DecoderTransformer(workload.Classes, spec);
                model.Initialise(generator, spec.InitScale);
                Model = model;
                XPool = randint(workload.Classes, [workload.Pool, workload.InputShape[0]], generator: generator);
                break;
            }
            default:
            {
                var (c, h, w) = (workload.InputShape[0], workload.InputShape[1], workload.InputShape[2]);
                Model = ModelFactory.CreateInitialisedImageModel(workload.Model!, c, h, w, workload.Classes, seed);
                XPool = rand([workload.Pool, c, h, w], generator: generator);
                break;
            }
        }
        if (workload.Model is TransformerSpec)
        {
            // Next-token targets with the first half masked (−100), like a question before its answer.
            var length = workload.InputShape[0];
            YPool = randint(workload.Classes, [workload.Pool, length], generator: generator);
            YPool.narrow(1, 0, length / 2).fill_(Language.SequenceBatch.Ignore);
        }
        else YPool = randint(workload.Classes, [workload.Pool], generator: generator);
        Recipe = recipe;
        _optimizer = Trainer.CreateOptimizer(Model, recipe);
        _loss = Trainer.LossFunction(recipe, workload.Classes);
        // The fixed batch of the HVP workload (and of its step-on-the-same-batch comparison): the recipe's first batch.
        (_xBatch, _yBatch) = Trainer.Batch(recipe, seed, 1, XPool, YPool);
        _fixedBatchRecipe = recipe with { BatchSize = 0 };
        _direction = [.. Model.parameters().Select(p => randn(p.shape, generator: generator))];
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public RecipeSpec Recipe { get; }
    public Tensor XPool { get; }
    public Tensor YPool { get; }
    public long Parameters => Model.parameters().Sum(p => p.numel());

    /// <summary>n training steps as the Train stage takes them (batches drawn from the pool); returns seconds.</summary>
    public double Steps(int n) => Time(n, () => Trainer.Step(Model, _optimizer, null, _loss, Recipe, 0, ++_step, XPool, YPool));

    /// <summary>n training steps on the fixed batch (the HVP's batch); returns seconds.</summary>
    public double FixedBatchSteps(int n) =>
        Time(n, () => Trainer.Step(Model, _optimizer, null, _loss, _fixedBatchRecipe, 0, ++_step, _xBatch, _yBatch));

    /// <summary>n Hessian-vector products of the loss on the fixed batch, each from a fresh forward pass; returns seconds.</summary>
    public double Hvps(int n) => Time(n, () => Hvp(_direction));

    /// <summary>The loss on the fixed batch at the current weights (eval mode, no gradient).</summary>
    public double FixedBatchLoss()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Model.eval();
        return _loss(Model.call(_xBatch), _yBatch).item<float>();
    }

    /// <summary>Hv for a direction (one tensor per parameter): loss on the fixed batch, gradient with its graph, ∇⟨g, v⟩.</summary>
    public Tensor[] Hvp(IReadOnlyList<Tensor> direction)
    {
        using var scope = NewDisposeScope();
        Model.eval();
        var parameters = Model.parameters().ToList();
        using var curvature = new Curvature(_loss(Model.call(_xBatch), _yBatch), parameters);
        return [.. curvature.Hvp(direction).Select(t => t.MoveToOuterDisposeScope())];
    }

    /// <summary>
    /// The parity check's inputs, for a reference implementation to reproduce: every parameter under its checkpoint key,
    /// the fixed batch ("input.x", "input.y") and the HVP direction ("direction.&lt;key&gt;").
    /// </summary>
    public void SaveParityInputs(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var names = Model.named_parameters().Select(p => p.name).ToList();
        foreach (var (name, p) in Model.named_parameters()) tensors[name] = p.detach();
        tensors["input.x"] = _xBatch;
        tensors["input.y"] = _yBatch;
        for (var i = 0; i < names.Count; i++) tensors["direction." + names[i]] = _direction[i];
        TorchSharp.PyBridge.Safetensors.SaveStateDict(path, tensors);
    }

    /// <summary>
    /// The parity check itself: the fixed-batch loss before each of <paramref name="steps"/> full-batch steps and after the
    /// last, and (v·Hv, ‖Hv‖) at the starting weights. A reference on the same inputs must produce the same numbers.
    /// </summary>
    public (double[] Losses, double VHv, double HvNorm) Parity(int steps)
    {
        using var scope = NewDisposeScope();
        var hv = Hvp(_direction);
        var vhv = _direction.Zip(hv, (a, b) => (a * b).sum().item<float>()).Sum(x => (double)x);
        var norm = Math.Sqrt(hv.Sum(t => (double)t.square().sum().item<float>()));
        var losses = new double[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            losses[i] = FixedBatchLoss();
            FixedBatchSteps(1);
        }
        losses[steps] = FixedBatchLoss();
        return (losses, vhv, norm);
    }

    private static double Time(int n, Action one)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) one();
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        XPool.Dispose();
        YPool.Dispose();
        // A full-batch recipe's batch is the pool itself.
        if (!ReferenceEquals(_xBatch, XPool)) _xBatch.Dispose();
        if (!ReferenceEquals(_yBatch, YPool)) _yBatch.Dispose();
        foreach (var d in _direction) d.Dispose();
    }
}
