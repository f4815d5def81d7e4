using System.Diagnostics;
using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Training;
using MathNet.Numerics.Statistics;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// Training throughput of each dataset × model × recipe of a profile, with the pipeline's own model and step code
/// (<see cref="Trainer.Step"/>) on inputs of the run's shape and batch (random values; speed does not depend on them).
/// Warm-up steps first, then rounds of timed steps; the median round is reported. Figures, not assertions.
/// </summary>
public sealed class TrainingThroughput(Action<string> log, int warmupSteps = 10, int stepsPerRound = 50, int rounds = 3, double secondsPerRound = 15)
{
    private int _threads;

    public IReadOnlyList<ThroughputRow> Run(RunProfile profile)
    {
        // A profile written for a bigger machine (paper: 8 threads) must not oversubscribe this one.
        _threads = Math.Min(profile.Threads, Environment.ProcessorCount);
        torch.set_num_threads(_threads);
        var rows = new List<ThroughputRow>();
        foreach (var run in profile.Train.DistinctBy(t => (t.Dataset.Name, t.Model.Name, t.Recipe.Name)))
        {
            rows.Add(Measure(profile, run));
            var r = rows[^1];
            log(FormattableString.Invariant(
                $"[benchmark] {r.Dataset} × {r.Model} × {r.Recipe}: batch {r.Batch} ({r.InputShape}), {r.Parameters:N0} parameters — {r.StepsPerSecond:F1} steps/s ({r.MsPerStep:F2} ms/step; rounds {r.MinStepsPerSecond:F1}–{r.MaxStepsPerSecond:F1}); evaluation + snapshot {1000 * r.EvalSeconds:F1} ms = {100 * r.EvalShare:F1}% of a run at eval_every {r.EvalEvery}"));
        }
        return rows;
    }

    private ThroughputRow Measure(RunProfile profile, TrainRunSpec run)
    {
        using var task = Synthetic(run);
        var recipe = run.Recipe;
        using var optimizer = Trainer.CreateOptimizer(task.Model, recipe);
        using var grokfast = recipe.Grokfast ? new GrokfastFilter(task.Model, recipe.GrokfastAlpha, recipe.GrokfastLambda) : null;
        var loss = Trainer.LossFunction(recipe, task.Classes);
        var step = 0;
        void One() => Trainer.Step(task.Model, optimizer, grokfast, loss, recipe, 0, ++step, task.XTrain, task.YTrain);

        var first = Stopwatch.StartNew();
        One();
        // Slow models (ResNet-18 on a CPU) get fewer steps per round, so a round stays near secondsPerRound.
        var perRound = Math.Clamp((int)(secondsPerRound / Math.Max(first.Elapsed.TotalSeconds, 1e-6)), Math.Min(3, stepsPerRound), stepsPerRound);
        var warmup = Math.Min(warmupSteps, perRound);
        for (var i = 1; i < warmup; i++) One();
        var rates = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++) One();
            rates.Add(perRound / clock.Elapsed.TotalSeconds);
        }
        var median = rates.Median();
        var evalSeconds = EvaluationSeconds(task, loss);
        return new ThroughputRow
        {
            Profile = profile.Name, Dataset = run.Dataset.Name, Model = run.Model.Name, ModelKind = run.Model.Kind, Recipe = recipe.Name,
            Batch = (int)(recipe.FullBatch ? task.XTrain.shape[0] : recipe.BatchSize),
            InputShape = string.Join("×", task.XTrain.shape.Skip(1)), Parameters = task.Model.parameters().Sum(p => p.numel()),
            Threads = _threads, WarmupSteps = warmup, StepsPerRound = perRound, Rounds = rounds,
            StepsPerSecond = median, MsPerStep = 1000 / median, MinStepsPerSecond = rates.Min(), MaxStepsPerSecond = rates.Max(),
            EvalEvery = recipe.EvalEvery, EvalSeconds = evalSeconds, EvalShare = evalSeconds / (evalSeconds + recipe.EvalEvery / median),
        };
    }

    /// <summary>Median of a few evaluations as the Train stage runs them, each followed by a weight snapshot (to a temp file).</summary>
    private double EvaluationSeconds(TrainingTask task, Func<Tensor, Tensor, Tensor> loss)
    {
        var snapshot = Path.Combine(Path.GetTempPath(), $"grokunlearn-benchmark-{Environment.ProcessId}.safetensors");
        try
        {
            var times = new List<double>();
            for (var i = 0; i < rounds + 1; i++)
            {
                var clock = Stopwatch.StartNew();
                Trainer.EvaluateModel(task.Model, loss, task.XTrain, task.YTrain, task.XTest, task.YTest);
                task.Model.save_safetensors(snapshot);
                if (i > 0) times.Add(clock.Elapsed.TotalSeconds); // the first one warms up
            }
            return times.Median();
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// <summary>
    /// A model initialised as in training and random inputs of the run's shape: the training set (or as many as the
    /// batches are drawn from) and a test set of the run's size, so an evaluation costs what it costs in the Train stage.
    /// </summary>
    private static TrainingTask Synthetic(TrainRunSpec run)
    {
        using var generator = new Generator(0);
        switch (run.Dataset)
        {
            case ModularDatasetSpec d:
            {
                var n = (int)Math.Round(d.TrainFraction * d.P * d.P);
                var model = new ModularMlp(d.P, (ModularMlpSpec)run.Model);
                model.Initialise(generator, run.Model.InitScale);
                var test = d.P * d.P - n;
                return new TrainingTask(model, randint(d.P, [n, 2], generator: generator), randint(d.P, [n], generator: generator),
                    randint(d.P, [test, 2], generator: generator), randint(d.P, [test], generator: generator), d.P);
            }
            case ImageDatasetSpec d:
            {
                var (c, h, w) = Shape(d);
                var info = ImageDatasetCatalog.Get(d.Source);
                var classes = info.Classes > 0 ? info.Classes : 100;
                // Without a subset the run uses the official splits (e.g. CIFAR's 50,000 / 10,000), too large to hold as
                // random tensors here: its evaluation figure is then for 1,024 training and 1,024 test images.
                var n = d.TrainSubset > 0 ? d.TrainSubset : Math.Max(1024, run.Recipe.BatchSize);
                var test = d.TestSubset > 0 ? d.TestSubset : 1024;
                var model = ModelFactory.CreateInitialisedImageModel(run.Model, c, h, w, classes, 0);
                return new TrainingTask(model, rand([n, c, h, w], generator: generator), randint(classes, [n], generator: generator),
                    rand([test, c, h, w], generator: generator), randint(classes, [test], generator: generator), classes);
            }
            case AuthorsDatasetSpec d:
            {
                // The knowledge base is generated in milliseconds, so the language run is timed on its real questions.
                using var language = new Tasks.LanguageTask(Language.FictitiousAuthors.Generate(d), (TransformerSpec)run.Model);
                return TrainingTask.From(language, 0);
            }
            default:
                throw new NotSupportedException(run.Dataset.Kind);
        }
    }

    private static (int C, int H, int W) Shape(ImageDatasetSpec d) => ImageDatasetCatalog.Get(d.Source).Format switch
    {
        ImageFormat.Idx => (1, 28, 28),
        ImageFormat.ClassFolders => (3, d.ImageSize, d.ImageSize),
        _ => (3, 32, 32),
    };
}
