using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Pipeline;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Training;

/// <summary>
/// What one train cell trains: a freshly initialised model and its training and evaluation tensors. Owns them all.
/// </summary>
public sealed class TrainingTask : IDisposable
{
    public TrainingTask(nn.Module<Tensor, Tensor> model, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, int classes)
    {
        Model = model;
        XTrain = xTrain;
        YTrain = yTrain;
        XTest = xTest;
        YTest = yTest;
        Classes = classes;
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public Tensor XTrain { get; }
    public Tensor YTrain { get; }
    public Tensor XTest { get; }
    public Tensor YTest { get; }
    public int Classes { get; }

    /// <summary>A modular-arithmetic cell: the embedding MLP (seeded) and the pairs of the train and test splits.</summary>
    public static TrainingTask Modular(TrainCell cell, IReadOnlyList<ModularPairRow> pairs)
    {
        var p = cell.Run.Modular.P;
        var (xTrain, yTrain) = ModularArithmetic.ToTensors(pairs.Where(r => r.Split == "train").ToList());
        var (xTest, yTest) = ModularArithmetic.ToTensors(pairs.Where(r => r.Split == "test").ToList());
        var model = new ModularMlp(p, cell.Run.ModularModel);
        using (var generator = new Generator((ulong)cell.Seed)) model.Initialise(generator, cell.Run.Model.InitScale);
        return new TrainingTask(model, xTrain, yTrain, xTest, yTest, p);
    }

    /// <summary>An image cell: the persisted training and evaluation subsets as float tensors, and the model (seeded, α applied).</summary>
    public static TrainingTask Images(TrainCell cell, ImageTable table)
    {
        var (xTrain, yTrain, xTest, yTest) = table.ToTensors();
        var model = ModelFactory.CreateInitialisedImageModel(cell.Run.Model, table.Channels, table.Height, table.Width, table.Classes, cell.Seed);
        return new TrainingTask(model, xTrain, yTrain, xTest, yTest, table.Classes);
    }

    /// <summary>
    /// A language cell: the knowledge base's trained questions (or a retain split's, for an oracle) as next-token
    /// sequences, the held-out-template questions of the same authors as the test set, and the transformer (seeded).
    /// Accuracy is exact match of every answer token.
    /// </summary>
    public static TrainingTask Language(TrainCell cell, IReadOnlyList<Language.QaRow> rows) =>
        Language(rows, (Config.TransformerSpec)cell.Run.Model, cell.Seed, cell.RetainOnlyAuthors);

    /// <summary>The same from its parts (the Benchmark target builds it from the profile's dataset, without a cell).</summary>
    public static TrainingTask Language(IReadOnlyList<Language.QaRow> rows, Config.TransformerSpec spec, int seed, string? retainOnly = null)
    {
        var tokenizer = GrokUnlearn.Language.AuthorSplits.Tokenizer(rows);
        var train = GrokUnlearn.Language.AuthorSplits.Training(rows, retainOnly);
        var test = GrokUnlearn.Language.AuthorSplits.HeldOut(rows, retainOnly);
        var (xTrain, yTrain) = GrokUnlearn.Language.SequenceBatch.Encode(tokenizer, train.Select(r => (r.Question, r.Answer)));
        var (xTest, yTest) = GrokUnlearn.Language.SequenceBatch.Encode(tokenizer, test.Select(r => (r.Question, r.Answer)));
        var model = new GrokUnlearn.Language.DecoderTransformer(tokenizer.Count, spec);
        using (var generator = new Generator((ulong)seed)) model.Initialise(generator, spec.InitScale);
        return new TrainingTask(model, xTrain, yTrain, xTest, yTest, tokenizer.Count);
    }

    public void Dispose()
    {
        Model.Dispose();
        XTrain.Dispose();
        YTrain.Dispose();
        XTest.Dispose();
        YTest.Dispose();
    }
}
