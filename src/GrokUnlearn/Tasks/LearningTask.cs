using GrokUnlearn.Config;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// One dataset as every stage sees it: its rows (index, label, split), tensors for any subset of them (with the
/// normalisation fixed at the Data stage), how forget splits are drawn from its training rows, and — given the run's
/// model spec — creating, loading and saving that model. Modular arithmetic, images and the language track are its
/// three implementations; the Train, Unlearn and Analyze stages use nothing else of a dataset.
/// </summary>
public abstract class LearningTask : IDisposable
{
    protected LearningTask(IReadOnlyList<TaskRow> rows, int outputs, ModelSpec? model)
    {
        Rows = rows;
        Outputs = outputs;
        ModelSpec = model;
        ByIndex = rows.ToDictionary(r => r.Index);
    }

    public abstract TaskKind Kind { get; }

    /// <summary>Every row of the data table, in table order.</summary>
    public IReadOnlyList<TaskRow> Rows { get; }

    /// <summary>Width of the model's output: classes (modular: p), or the vocabulary size.</summary>
    public int Outputs { get; }

    /// <summary>The run's model; null when the task was read only for its rows (the Data stage's forget splits).</summary>
    public ModelSpec? ModelSpec { get; }

    /// <summary>Where models and tensors live (the profile's device; CPU unless set). Read lazily: a task used for its rows only never loads libtorch.</summary>
    public Device Device
    {
        get => _device ??= CPU;
        set => _device = value;
    }

    private Device? _device;

    protected IReadOnlyDictionary<int, TaskRow> ByIndex { get; }

    /// <summary>The rows a model trains on, in table order, without <paramref name="excluded"/> (a retrain oracle's forget set).</summary>
    public virtual IReadOnlyList<TaskRow> TrainingRows(IReadOnlySet<int>? excluded = null) =>
        Rows.Where(r => r.Split == "train" && (excluded is null || !excluded.Contains(r.Index))).ToList();

    /// <summary>The rows test accuracy is measured on (for a retrain oracle, those that do not belong to its forget set).</summary>
    public virtual IReadOnlyList<TaskRow> TestRows(IReadOnlySet<int>? excluded = null) =>
        Rows.Where(r => r.Split == "test").ToList();

    /// <summary>The rows checkpoint selection reads (a validation split carved from the training pool); empty when the dataset has none.</summary>
    public IReadOnlyList<TaskRow> ValidationRows() => Rows.Where(r => r.Split == "validation").ToList();

    /// <summary>The retain rows an unlearning method draws from (all of them, except where a task keeps some out).</summary>
    public virtual IReadOnlyList<TaskRow> RetainPool(IReadOnlyList<TaskRow> retain) => retain;

    /// <summary>The rows with these indices, in the given order.</summary>
    public IReadOnlyList<TaskRow> Select(IEnumerable<int> indices) => indices.Select(i => ByIndex[i]).ToList();

    /// <summary>Model inputs and labels (or answer-token targets) of <paramref name="rows"/>, in their order, on <see cref="Device"/>.</summary>
    public (Tensor X, Tensor Y) Tensors(IReadOnlyList<TaskRow> rows)
    {
        var (x, y) = BuildTensors(rows);
        if (Device.type == DeviceType.CPU) return (x, y);
        var moved = (x.to(Device), y.to(Device));
        x.Dispose();
        y.Dispose();
        return moved;
    }

    protected abstract (Tensor X, Tensor Y) BuildTensors(IReadOnlyList<TaskRow> rows);

    /// <summary>
    /// Every forget row with every refusal answer (IdkPO's targets), row-major: row i × answer k at i·K + k; the
    /// unlearning batches draw one answer per row and update (<see cref="Unlearning.UnlearnBatches"/>). Null for classifiers.
    /// </summary>
    public virtual (Tensor X, Tensor Y)? RefusalTensors(IReadOnlyList<TaskRow> forget) => null;

    /// <summary>How <see cref="MatchPairs"/> pairs forget and retain inputs (the report states it); null when the task has no pairing.</summary>
    public virtual string? PairingRule => null;

    /// <summary>Each forget input that has a partner, and its partner among the retain inputs (for the forget-vs-retain CKA).</summary>
    public virtual (Tensor Forget, Tensor Retain)? MatchPairs(Tensor forgetX, Tensor forgetY, Tensor retainX, Tensor retainY) => null;

    /// <summary>The inputs class selectivity is measured on, and their name; null = the analysis sample's test inputs.</summary>
    public virtual (IReadOnlyList<TaskRow> Rows, string Name)? SelectivityRows => null;

    /// <summary>The forget/retain role of every training row under a scenario (persisted by the Data stage).</summary>
    public abstract IReadOnlyList<ForgetSplitRow> ForgetSplit(ScenarioSpec scenario);

    /// <summary>Which scenario kinds this task can draw.</summary>
    public abstract IReadOnlySet<ScenarioKind> ScenarioKinds { get; }

    /// <summary>The architecture of the run's model, untrained and uninitialised.</summary>
    public abstract nn.Module<Tensor, Tensor> NewModel();

    /// <summary>Initialises a new model from a generator (the model's documented scheme, × its init scale α).</summary>
    public abstract void Initialise(nn.Module<Tensor, Tensor> model, Generator generator);

    /// <summary>A freshly initialised model, seeded, on <see cref="Device"/>.</summary>
    public nn.Module<Tensor, Tensor> CreateModel(int seed)
    {
        var model = NewModel();
        using (var generator = new Generator((ulong)seed)) Initialise(model, generator);
        return OnDevice(model);
    }

    /// <summary>A model of the run's architecture with the weights of a safetensors file, on <see cref="Device"/>.</summary>
    public nn.Module<Tensor, Tensor> LoadModel(string path)
    {
        var model = NewModel();
        model.load_safetensors(path);
        return OnDevice(model);
    }

    /// <summary>Writes a model's weights as safetensors, atomically (temp file + rename).</summary>
    public static void SaveModel(nn.Module<Tensor, Tensor> model, string path) => Storage.AtomicFile.Write(path, tmp => model.save_safetensors(tmp));

    /// <summary>A new model of the run's architecture holding <paramref name="model"/>'s parameters and buffers (no generator drawn from), on <see cref="Device"/>.</summary>
    public nn.Module<Tensor, Tensor> CopyOf(nn.Module<Tensor, Tensor> model)
    {
        var copy = OnDevice(NewModel());
        using (no_grad())
        {
            var target = copy.state_dict();
            foreach (var (name, tensor) in model.state_dict()) target[name].copy_(tensor);
        }
        return copy;
    }

    private nn.Module<Tensor, Tensor> OnDevice(nn.Module<Tensor, Tensor> model) => Device.type == DeviceType.CPU ? model : model.to(Device);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
