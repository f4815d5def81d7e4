using TorchSharp;
using GrokUnlearn.Config;
using GrokUnlearn.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// What a method works with: the task (its loss, its fresh models), the model loaded from the starting checkpoint
/// (modified in place), a frozen copy of that checkpoint, the data and each update's batch, the method's settings, an
/// explicit generator (no global RNG), and <see cref="Record"/> to log the curve.
/// </summary>
public sealed class UnlearningContext : IDisposable
{
    private readonly Action<int, double> _record;

    /// <param name="seed">The method's seed: the generator's and the batches' (the same for every starting checkpoint).</param>
    /// <param name="trainingSeed">The training run's seed (RMU's random direction is drawn from it).</param>
    /// <param name="reference">A given frozen reference to use instead of a copy of the starting model (tests); owned by the context.</param>
    public UnlearningContext(LearningTask task, nn.Module<Tensor, Tensor> model, UnlearnData data, MethodSpec spec, UnlearnSettings settings,
        ulong seed, int trainingSeed, Action<int, double> record, nn.Module<Tensor, Tensor>? reference = null,
        IReadOnlyList<int>? forgottenClasses = null)
    {
        ForgottenClasses = forgottenClasses ?? [];
        Task = task;
        Model = model;
        Data = data;
        Spec = spec;
        Settings = settings;
        Seed = trainingSeed;
        Generator = new Generator(seed);
        Batches = new UnlearnBatches(data, settings.BatchSize, settings.RetainBatchSize, seed);
        _record = record;
        // Copied now, before any method touches the model, and without drawing from the generator.
        Original = reference ?? task.CopyOf(model);
        foreach (var p in Original.parameters()) p.requires_grad = false;
        Original.eval();
    }

    public LearningTask Task { get; }
    public nn.Module<Tensor, Tensor> Model { get; }
    public UnlearnData Data { get; }
    public MethodSpec Spec { get; }
    public UnlearnSettings Settings { get; }
    public Generator Generator { get; }
    public UnlearnBatches Batches { get; }
    public int EvalEvery => Settings.EvalEvery;

    /// <summary>The training run's seed.</summary>
    public int Seed { get; }

    /// <summary>The classes a full-class scenario forgets entirely (Fisher's class step); empty for other scenarios.</summary>
    public IReadOnlyList<int> ForgottenClasses { get; }

    /// <summary>Number of classes (output width) of the task.</summary>
    public int Classes => Task.Outputs;

    /// <summary>A frozen copy of the starting checkpoint (teacher for SCRUB and Bad Teacher, anchor for SalUn, reference for KL/NPO/RMU).</summary>
    public nn.Module<Tensor, Tensor> Original { get; }

    /// <summary>Per-method state that lives for the whole run (RMU's random direction).</summary>
    public Dictionary<string, Tensor> State { get; } = [];

    /// <summary>The parameter-name prefix of the classifier layer ("head.", "fc.").</summary>
    public string ClassifierPrefix => (Model as IProbedModel)?.ClassifierPrefix ?? "head.";

    /// <summary>Evaluate and record a curve row after <paramref name="updates"/> updates (0 = the starting checkpoint), with the last loss.</summary>
    public void Record(int updates, double loss = double.NaN) => _record(updates, loss);

    /// <summary>The task's loss of the model (or <paramref name="model"/>) on inputs x with labels y: cross-entropy, token-level over answer tokens for a language model.</summary>
    public Tensor Loss(Tensor x, Tensor y, nn.Module<Tensor, Tensor>? model = null) => TaskEvaluation.CrossEntropy((model ?? Model).call(x), y);

    /// <summary>Training mode for an update; with the frozen BatchNorm policy, BatchNorm layers stay in eval mode (running statistics fixed).</summary>
    public void TrainMode()
    {
        Model.train();
        if (Settings.BatchNorm != UnlearnSettings.BatchNormFrozen) return;
        foreach (var (_, m) in Model.named_modules())
            if (m is BatchNorm1d or BatchNorm2d) m.eval();
    }

    /// <summary>
    /// Backpropagates <paramref name="scale"/> × the mean loss over all of (x, y) into .grad, in chunks of at most the
    /// evaluation chunk (one pass for a small set, so the gradient is exactly that of one full-batch backward).
    /// </summary>
    public void BackwardInChunks(Tensor x, Tensor y, double scale)
    {
        var n = x.shape[0];
        var chunk = TaskEvaluation.ChunkRows(x);
        for (long i = 0; i < n; i += chunk)
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(chunk, n - i);
            var loss = len == n ? Loss(x, y) : Loss(x.narrow(0, i, len), y.narrow(0, i, len)) * ((double)len / n);
            (scale * loss).backward();
        }
    }

    /// <summary>A new model of the same architecture, initialised from this context's generator (Bad Teacher's incompetent teacher).</summary>
    public nn.Module<Tensor, Tensor> NewModel()
    {
        var model = Task.NewModel();
        Task.Initialise(model, Generator);
        return Task.Device.type == DeviceType.CPU ? model : model.to(Task.Device);
    }

    public void Dispose()
    {
        foreach (var t in State.Values) t.Dispose();
        Original.Dispose();
        Generator.Dispose();
    }
}
