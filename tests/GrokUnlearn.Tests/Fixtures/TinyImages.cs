using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>
/// 30 random 1×8×8 images of 3 classes (24 training, 6 test), standardised per channel; class 0's training images are
/// the forget set (8). For checking one method step of an image model by hand, with minibatches smaller than the forget set.
/// </summary>
public sealed class TinyImages : IDisposable
{
    public const int Classes = 3;
    public static readonly ImageMlpSpec Mlp = new("mlp", [12], 1.0);
    public static readonly CnnSpec CnnWithBatchNorm = new("cnn", [4], 8, true, 1.0);

    public TinyImages(ModelSpec model, UnlearnSettings? settings = null)
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            var pixels = new byte[64];
            random.NextBytes(pixels);
            return new ImageRow { Index = i, SourceSplit = "train", SourceIndex = i, Label = i % Classes, Split = i < 24 ? "train" : "test", Pixels = pixels };
        }).ToList();
        Task = new ImageTask(new ImageTable(rows, 1, 8, 8, Classes, normalize: true), model);
        Forget = rows.Where(r => r.Split == "train" && r.Label == 0).Select(r => r.Index).ToHashSet();
        Data = UnlearnData.From(Task, Forget, 0);
        Settings = settings ?? new UnlearnSettings(1, BatchSize: 3, RetainBatchSize: 4);
        Model = NewModel(model);
    }

    public ImageTask Task { get; }
    public IReadOnlySet<int> Forget { get; }
    public UnlearnData Data { get; }
    public UnlearnSettings Settings { get; }
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>A model with the same initial weights as <see cref="Model"/> had.</summary>
    public nn.Module<Tensor, Tensor> NewModel(ModelSpec? spec = null)
    {
        var model = Task.NewModel();
        using var g = new Generator(42);
        Task.Initialise(model, g);
        return model;
    }

    public UnlearningContext Context(MethodSpec spec, ulong seed, List<int>? recorded = null) =>
        new(Task, Model, Data, spec, Settings, seed, 0, (u, _) => recorded?.Add(u));

    public void Dispose()
    {
        Model.Dispose();
        Data.Dispose();
        Task.Dispose();
    }
}
