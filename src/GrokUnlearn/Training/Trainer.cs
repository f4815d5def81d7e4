using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Native;
using GrokUnlearn.Storage;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Training;

/// <summary>
/// Trains one train cell's model (<see cref="TrainingTask"/>) with its recipe: full batch or minibatches sampled with
/// replacement (seeded by cell seed and step, so a resumed run draws the same batches), AdamW or SGD with momentum,
/// constant or cosine learning rate after a linear warm-up, cross-entropy or MSE on one-hot targets, optional SAM and
/// Grokfast-EMA. Evaluates every eval_every steps (curve row + weight snapshot), writes a resume point every
/// checkpoint_every steps, and at the end selects fit / θ_pre / θ_grok and publishes their checkpoints with content
/// hashes. An interrupted run resumes from its last resume point and produces the same numbers as an uninterrupted one.
/// </summary>
public sealed class Trainer(Action<string> log)
{
    private const string ResumeTable = "resume.parquet";
    private const string ResumeModel = "resume-model.safetensors";
    private const string ResumeOptimizer = "resume-optimizer.bin";
    private const string ResumeGrokfast = "resume-grokfast.safetensors";
    private const string StepKey = "grokunlearn.step";
    /// <summary>Evaluation runs in chunks of about this many input elements, so convolutional models stay within memory on
    /// large test sets (a modular-arithmetic set, two tokens per input, is always one pass).</summary>
    private const long EvalChunkElements = 1L << 22;

    /// <summary>Trains a modular-arithmetic cell on its pairs (a pair whose split is neither train nor test is left out).</summary>
    public async Task<TrainOutcome?> RunAsync(TrainJob cell, IReadOnlyList<ModularPairRow> pairs, CancellationToken ct = default,
        int? abandonAfterStep = null)
    {
        using var modular = new Tasks.ModularTask(pairs, cell.Run.Modular.P, cell.Run.ModularModel);
        using var task = TrainingTask.From(modular, cell.Seed);
        return await RunAsync(cell, task, ct, abandonAfterStep);
    }

    /// <summary>Trains the cell. <paramref name="abandonAfterStep"/> simulates a crash (tests): stop there without publishing.</summary>
    public async Task<TrainOutcome?> RunAsync(TrainJob cell, TrainingTask task, CancellationToken ct = default, int? abandonAfterStep = null)
    {
        var recipe = cell.Run.Recipe;
        var work = cell.Paths.WorkDir;
        var snapshots = Path.Combine(work, "snapshots");
        torch.set_num_threads(cell.Threads);
        var (model, xTrain, yTrain, xTest, yTest) = (task.Model, task.XTrain, task.YTrain, task.XTest, task.YTest);

        using var optimizer = CreateOptimizer(model, recipe);
        using var grokfast = recipe.Grokfast ? new GrokfastFilter(model, recipe.GrokfastAlpha, recipe.GrokfastLambda) : null;
        var loss = LossFunction(recipe, task.Classes);

        var curve = new List<CurveRow>();
        var start = await TryResumeAsync(cell, work, model, optimizer, grokfast, curve);
        if (start == 0)
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.CreateDirectory(snapshots);
            curve.Add(Evaluate(cell, model, loss, 0, task, 0));
            model.save_safetensors(SnapshotPath(snapshots, 0));
        }
        else
        {
            log($"[train] {cell.Id}: resuming from step {start} (work folder {work})");
        }

        var clock = Stopwatch.StartNew();
        var secondsBefore = curve[^1].TrainSeconds;
        var lastLog = Stopwatch.StartNew();
        var evalClock = new Stopwatch();
        var step = start;
        var progress = Pipeline.StageProgress.Sink;
        while (step < recipe.MaxSteps && !GrokConfirmed(curve, cell))
        {
            ct.ThrowIfCancellationRequested();
            step++;
            Step(model, optimizer, grokfast, loss, recipe, cell.Seed, step, xTrain, yTrain);
            progress?.CellStep(cell.Id, step, recipe.MaxSteps);

            if (step % recipe.EvalEvery == 0 || step == recipe.MaxSteps)
            {
                evalClock.Start();
                var row = Evaluate(cell, model, loss, step, task, secondsBefore + clock.Elapsed.TotalSeconds);
                curve.Add(row);
                model.save_safetensors(SnapshotPath(snapshots, step));
                evalClock.Stop();
                if (lastLog.Elapsed.TotalSeconds >= 5 || step == recipe.MaxSteps)
                {
                    var rate = (step - start) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    var val = row.ValAcc is { } v ? string.Create(CultureInfo.InvariantCulture, $"val_acc {v:F3}  ") : "";
                    log(string.Create(CultureInfo.InvariantCulture,
                        $"[train] {cell.Id}: step {step}/{recipe.MaxSteps}  train_acc {row.TrainAcc:F3}  test_acc {row.TestAcc:F3}  {val}" +
                        $"train_loss {row.TrainLoss:G3}  |w| {row.WeightNorm:F1}  {rate:F1} steps/s"));
                    lastLog.Restart();
                }
            }
            if (step % recipe.CheckpointEvery == 0) await SaveResumeAsync(cell, work, model, optimizer, grokfast, curve, step);
            if (abandonAfterStep == step) return null;
        }
        // Evaluation + snapshot share of this session's time (issue 8's goal: at most 20% at the default interval).
        log(string.Create(CultureInfo.InvariantCulture,
            $"[train] {cell.Id}: {step - start} steps in {clock.Elapsed.TotalSeconds:F1} s, of which evaluation + snapshots every {recipe.EvalEvery} steps {evalClock.Elapsed.TotalSeconds:F1} s ({100 * evalClock.Elapsed.TotalSeconds / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F0}%)."));
        if (step < recipe.MaxSteps)
            log($"[train] {cell.Id}: test accuracy stayed ≥ {cell.Selection.GrokTestAcc} for {recipe.StopAfterGrokEvals} evaluations; stopping at step {step}.");

        return await PublishAsync(cell, task, curve, snapshots);
    }

    /// <summary>
    /// The recipe's optimizer over the model's parameters: AdamW, or SGD with momentum (decoupled / L2 weight decay as in
    /// PyTorch) — TorchSharp's, updating the whole model in a few operations over flat buffers (<see cref="Optimizers.FlatParameters"/>).
    /// </summary>
    public static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> model, RecipeSpec recipe) => recipe.Optimizer == RecipeSpec.Sgd
        ? new Optimizers.SGD(model.parameters(), recipe.Lr, recipe.Momentum, recipe.WeightDecay)
        : new Optimizers.AdamW(model.parameters(), recipe.Lr, recipe.Beta1, recipe.Beta2, recipe.Eps, recipe.WeightDecay);

    /// <summary>The recipe's loss: cross-entropy, or MSE against one-hot targets (Omnigrok), mean over all entries.</summary>
    public static Func<Tensor, Tensor, Tensor> LossFunction(RecipeSpec recipe, int classes) => recipe.Loss == RecipeSpec.Mse
        ? (logits, y) => nn.functional.mse_loss(logits, nn.functional.one_hot(y, classes).to_type(logits.dtype))
        : (logits, y) => logits.dim() == 3
            // A language model's [B, T, V] logits: next-token cross-entropy over answer tokens (targets −100 elsewhere).
            ? nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten(), ignore_index: -100)
            : nn.functional.cross_entropy(logits, y);

    /// <summary>Fraction correct: argmax = label, or for a language model's [B, T, V] logits, every answer token right (exact match).</summary>
    public static Tensor Correct(Tensor logits, Tensor y) => logits.dim() == 3
        ? logits.argmax(-1).eq(y).logical_or(y.eq(-100)).all(1)
        : logits.argmax(1).eq(y);

    /// <summary>
    /// One optimizer step (1-based), everything it allocates freed at its end: learning rate for the step, batch, loss,
    /// backward, SAM and Grokfast when on, update; then the periodic <see cref="NativeHeap"/> sweep. The Benchmark verb times exactly this.
    /// </summary>
    public static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, GrokfastFilter? grokfast,
        Func<Tensor, Tensor, Tensor> loss, RecipeSpec recipe, int seed, int step, Tensor xTrain, Tensor yTrain)
    {
        using (var scope = NewDisposeScope())
        {
            SetLearningRate(optimizer, recipe.LearningRate(step));
            model.train();
            optimizer.zero_grad();
            var (x, y) = Batch(recipe, seed, step, xTrain, yTrain);
            loss(model.call(x), y).backward();
            if (recipe.Sam) SharpnessAwareGradient(model, () => loss(model.call(x), y), recipe.SamRho);
            grokfast?.Apply();
            optimizer.step();
        }
        NativeHeap.AfterStep(step);
    }

    /// <summary>
    /// The step's inputs: the whole training set (full batch), or batch_size indices drawn with replacement from a
    /// generator seeded by (seed, step) — independent of everything else, so resuming at any step draws the same batches.
    /// </summary>
    public static (Tensor X, Tensor Y) Batch(RecipeSpec recipe, int seed, int step, Tensor xTrain, Tensor yTrain)
    {
        if (recipe.FullBatch) return (xTrain, yTrain);
        using var generator = new Generator(unchecked((ulong)seed * 1_000_003UL + (ulong)step));
        var index = randint(xTrain.shape[0], [recipe.BatchSize], generator: generator, dtype: ScalarType.Int64).to(xTrain.device);
        return (xTrain.index_select(0, index), yTrain.index_select(0, index));
    }

    /// <summary>
    /// SAM (Foret et al. 2021): with ∇L(θ) in .grad, move to θ + ε, ε = ρ·g/‖g‖ (the first-order worst case in the ρ-ball),
    /// take the gradient there, move back, and leave that gradient for the optimizer to apply at θ.
    /// </summary>
    public static void SharpnessAwareGradient(nn.Module<Tensor, Tensor> model, Func<Tensor> loss, double rho)
    {
        var parameters = model.parameters().Where(p => p.grad is not null).ToList();
        var perturbations = new List<Tensor>();
        using (no_grad())
        {
            var norm = Math.Sqrt(parameters.Sum(p => p.grad!.pow(2).sum().ToDouble()));
            foreach (var p in parameters)
            {
                var e = p.grad! * (rho / (norm + 1e-12));
                p.add_(e);
                perturbations.Add(e);
            }
        }
        model.zero_grad();
        loss().backward();
        using (no_grad())
            foreach (var (p, e) in parameters.Zip(perturbations)) p.sub_(e);
    }

    /// <summary>What one evaluation measures: loss and accuracy on the training and test sets (eval mode), and ‖θ‖.</summary>
    public static (double TrainLoss, double TrainAcc, double TestLoss, double TestAcc, double WeightNorm) EvaluateModel(
        nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var (trainLoss, trainAcc) = LossAndAccuracy(model, loss, xTrain, yTrain);
        var (testLoss, testAcc) = LossAndAccuracy(model, loss, xTest, yTest);
        var norm = Math.Sqrt(model.parameters().Sum(p => p.pow(2).sum().ToDouble()));
        return (trainLoss, trainAcc, testLoss, testAcc, norm);
    }

    private static CurveRow Evaluate(TrainJob cell, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, int step,
        TrainingTask task, double seconds)
    {
        var (trainLoss, trainAcc, testLoss, testAcc, norm) = EvaluateModel(model, loss, task.XTrain, task.YTrain, task.XTest, task.YTest);
        (double Loss, double Accuracy)? validation = null;
        if (task.XValidation is not null)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.eval();
            validation = LossAndAccuracy(model, loss, task.XValidation, task.YValidation!);
        }
        return new CurveRow
        {
            Cell = cell.Id, Seed = cell.Seed, Step = step,
            TrainLoss = trainLoss, TrainAcc = trainAcc, TestLoss = testLoss, TestAcc = testAcc,
            ValLoss = validation?.Loss, ValAcc = validation?.Accuracy,
            WeightNorm = norm, TrainSeconds = seconds,
        };
    }

    /// <summary>Mean loss and accuracy over a set (one pass for small sets, chunks otherwise).</summary>
    private static (double Loss, double Accuracy) LossAndAccuracy(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y)
    {
        var n = x.shape[0];
        var chunk = Math.Max(1, EvalChunkElements / Math.Max(1, x.numel() / Math.Max(1, n)));
        if (n <= chunk)
        {
            var logits = model.call(x);
            return (loss(logits, y).ToDouble(), Correct(logits, y).to_type(ScalarType.Float64).mean().ToDouble());
        }
        double lossSum = 0, correct = 0;
        for (long i = 0; i < n; i += chunk)
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(chunk, n - i);
            var (xc, yc) = (x.narrow(0, i, len), y.narrow(0, i, len));
            var logits = model.call(xc);
            lossSum += loss(logits, yc).ToDouble() * len;
            correct += Correct(logits, yc).sum().ToDouble();
        }
        return (lossSum / n, correct / n);
    }

    /// <summary>
    /// Stop early once selection accuracy (validation, else test) has held the grok threshold with the training set fitted
    /// for stop_after_grok_evals evaluations — and, with the paper protocol, once its θ_grok window (hold) is complete.
    /// </summary>
    private static bool GrokConfirmed(List<CurveRow> curve, TrainJob cell)
    {
        var needed = cell.Run.Recipe.StopAfterGrokEvals;
        if (needed == 0 || curve.Count < needed) return false;
        var tail = curve.TakeLast(needed).ToList();
        if (!tail.All(r => r.SelectionAcc >= cell.Selection.GrokTestAcc && r.TrainAcc >= cell.Selection.FitTrainAcc)) return false;
        return cell.Selection.Paper is null || GrokDetector.Detect(curve, cell.Selection).PaperGrok is not null;
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private static string SnapshotPath(string dir, int step) =>
        Path.Combine(dir, $"step-{step.ToString("D8", CultureInfo.InvariantCulture)}.safetensors");

    private static async Task SaveResumeAsync(TrainJob cell, string work, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        GrokfastFilter? grokfast, List<CurveRow> curve, int step)
    {
        // Model, optimizer and filter first (each atomically), the table last: the table is what marks a resume point valid,
        // and it records the SHA-256 of each file, so a crash between two renames (a newer model beside an older table)
        // is detected on resume instead of mixing two steps.
        AtomicFile.Write(Path.Combine(work, ResumeModel), tmp => model.save_safetensors(tmp));
        AtomicFile.Write(Path.Combine(work, ResumeOptimizer), tmp => ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(tmp));
        if (grokfast is not null) AtomicFile.Write(Path.Combine(work, ResumeGrokfast), grokfast.Save);
        var meta = cell.Metadata(CurveRow.SchemaVersion);
        meta[StepKey] = step.ToString(CultureInfo.InvariantCulture);
        foreach (var file in ResumeFiles(grokfast))
            meta[HashKey + file] = await FileChecksum.Sha256Async(Path.Combine(work, file));
        await ParquetTable.WriteAsync(Path.Combine(work, ResumeTable), curve, meta);
    }

    private const string HashKey = "resume.sha256.";

    private static IEnumerable<string> ResumeFiles(GrokfastFilter? grokfast) =>
        grokfast is null ? [ResumeModel, ResumeOptimizer] : [ResumeModel, ResumeOptimizer, ResumeGrokfast];

    /// <summary>The first resume file that is missing or does not match the hash its table recorded; null when all match.</summary>
    private static async Task<string?> InconsistentFileAsync(string work, IReadOnlyDictionary<string, string> meta, GrokfastFilter? grokfast)
    {
        foreach (var file in ResumeFiles(grokfast))
        {
            var path = Path.Combine(work, file);
            if (!meta.TryGetValue(HashKey + file, out var expected) || !File.Exists(path) || await FileChecksum.Sha256Async(path) != expected)
                return file;
        }
        return null;
    }

    private async Task<int> TryResumeAsync(TrainJob cell, string work, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        GrokfastFilter? grokfast, List<CurveRow> curve)
    {
        var table = Path.Combine(work, ResumeTable);
        if (!File.Exists(table)) return 0;
        IList<CurveRow> rows;
        IReadOnlyDictionary<string, string> meta;
        try
        {
            (rows, meta) = await ParquetTable.ReadAsync<CurveRow>(table);
        }
        catch (Exception ex) when (Pipeline.StageCell.IsCorruption(ex))
        {
            log($"[train] {cell.Id}: discarding an unreadable resume point ({ex.Message}); training from step 0.");
            return 0;
        }
        if (!meta.TryGetValue(ParquetTable.FingerprintKey, out var fp) || fp != cell.Fingerprint)
        {
            log($"[train] {cell.Id}: discarding a resume point of a different configuration.");
            return 0;
        }
        var step = int.Parse(meta[StepKey], CultureInfo.InvariantCulture);
        if (await InconsistentFileAsync(work, meta, grokfast) is { } bad)
        {
            log($"[train] {cell.Id}: discarding the step-{step} resume point: {bad} does not match the hash its table recorded " +
                "(interrupted while it was being written); training from step 0.");
            return 0;   // the step-0 path clears work/, snapshots included
        }
        model.load_safetensors(Path.Combine(work, ResumeModel));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(work, ResumeOptimizer));
        grokfast?.Load(Path.Combine(work, ResumeGrokfast));
        curve.AddRange(rows.Where(r => r.Step <= step));
        // Snapshots written after the resume point belong to steps that will be recomputed.
        foreach (var snap in Directory.GetFiles(Path.Combine(work, "snapshots"), "step-*.safetensors"))
        {
            var snapStep = int.Parse(Path.GetFileNameWithoutExtension(snap)["step-".Length..], CultureInfo.InvariantCulture);
            if (snapStep > step) File.Delete(snap);
        }
        return step;
    }

    private async Task<TrainOutcome> PublishAsync(TrainJob cell, TrainingTask task, List<CurveRow> curve, string snapshots)
    {
        var model = task.Model;
        var events = GrokDetector.Detect(curve, cell.Selection);
        var selected = new List<(string Kind, CurveRow Row)>();
        if (events.Fit is not null) selected.Add(("fit", events.Fit));
        if (events.Pre is not null) selected.Add(("pre", events.Pre));
        if (events.Grok is not null) selected.Add(("grok", events.Grok));
        if (events.PaperPre is not null) selected.Add(("paper-pre", events.PaperPre));
        if (events.PaperGrok is not null) selected.Add(("paper-grok", events.PaperGrok));
        selected.Add(("final", curve[^1]));
        // Figure 1(b)'s trajectory: every N-th evaluation, as traj-k with step = k × N × eval_every.
        if (cell.Selection.TrajectoryEvery is > 0 and var every)
        {
            var spacing = every * cell.Run.Recipe.EvalEvery;
            selected.AddRange(curve.Where(r => r.Step > 0 && r.Step % spacing == 0).Select(r => (Config.TrajectorySpec.Label(r.Step / spacing), r)));
        }

        var ckptDir = cell.Paths.CheckpointsDir;
        if (Directory.Exists(ckptDir)) Directory.Delete(ckptDir, recursive: true);
        Directory.CreateDirectory(ckptDir);
        var stateKeys = string.Join(",", model.state_dict().Keys);
        var modelSpec = Fingerprint.ParametersJson(cell.Run.Model.Parameters());
        var manifest = new List<CheckpointRow>();
        foreach (var (kind, row) in selected)
        {
            var file = $"checkpoints/{kind}-step{row.Step.ToString("D8", CultureInfo.InvariantCulture)}.safetensors";
            var target = Path.Combine(cell.Paths.Dir, file);
            AtomicFile.Write(target, tmp => File.Copy(SnapshotPath(snapshots, row.Step), tmp, overwrite: true));
            manifest.Add(new CheckpointRow
            {
                Cell = cell.Id, Dataset = cell.Run.Dataset.Name, Model = cell.Run.Model.Name, Recipe = cell.Run.Recipe.Name,
                Seed = cell.Seed, Kind = kind, Step = row.Step, TrainAcc = row.TrainAcc, TestAcc = row.TestAcc,
                File = file, Sha256 = await FileChecksum.Sha256Async(target), Bytes = new FileInfo(target).Length,
                StateKeys = stateKeys, ModelSpec = modelSpec,
            });
        }
        await ParquetTable.WriteAsync(cell.Paths.CurveTable, curve, cell.Metadata(CurveRow.SchemaVersion));
        if (task.ExampleIndices is { } indices)
            await ParquetTable.WriteAsync(cell.Paths.ExampleLossTable, ExampleLossCurve(cell, task, indices, curve, snapshots), cell.Metadata(ExampleLossRow.SchemaVersion));
        await ParquetTable.WriteAsync(cell.Paths.CheckpointTable, manifest, cell.Metadata(CheckpointRow.SchemaVersion));
        Directory.Delete(cell.Paths.WorkDir, recursive: true);

        var paper = cell.Selection.Paper is null ? "" : $"; paper protocol: θ_pre {Describe(events.PaperPre)}, θ_grok {Describe(events.PaperGrok)}";
        log($"[train] {cell.Id}: done — fit {Describe(events.Fit)}, θ_pre {Describe(events.Pre)}, θ_grok {Describe(events.Grok)}{paper}");
        return new TrainOutcome(curve, events, manifest);
    }

    /// <summary>
    /// Every training example's loss at every evaluation, read back from the run's snapshots (ascending, so the model
    /// ends at the last one: the state it trained to).
    /// </summary>
    private static List<ExampleLossRow> ExampleLossCurve(TrainJob cell, TrainingTask task, IReadOnlyList<int> indices, List<CurveRow> curve, string snapshots)
    {
        var rows = new List<ExampleLossRow>(curve.Count * indices.Count);
        foreach (var point in curve.OrderBy(r => r.Step))
        {
            task.Model.load_safetensors(SnapshotPath(snapshots, point.Step));
            var (loss, correct) = ExampleLosses(task.Model, task.XTrain, task.YTrain);
            for (var i = 0; i < indices.Count; i++)
                rows.Add(new ExampleLossRow { Cell = cell.Id, Seed = cell.Seed, Step = point.Step, Index = indices[i], Loss = loss[i], Correct = correct[i] });
        }
        return rows;
    }

    /// <summary>
    /// Per-example loss and exact match (eval mode, no gradients): a language model's mean cross-entropy over each
    /// sequence's answer tokens (targets ≠ −100), a classifier's cross-entropy per input.
    /// </summary>
    public static (double[] Loss, bool[] Correct) ExampleLosses(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var _ = no_grad();
        model.eval();
        var n = x.shape[0];
        var chunk = Math.Max(1, EvalChunkElements / Math.Max(1, x.numel() / Math.Max(1, n)));
        var (losses, correct) = (new double[n], new bool[n]);
        for (long i = 0; i < n; i += chunk)
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(chunk, n - i);
            var (xc, yc) = (x.narrow(0, i, len), y.narrow(0, i, len));
            var logits = model.call(xc);
            Tensor loss;
            if (logits.dim() == 3)
            {
                var tokens = nn.functional.cross_entropy(logits.flatten(0, 1), yc.flatten(), ignore_index: -100, reduction: nn.Reduction.None)
                    .view(yc.shape[0], yc.shape[1]);
                var mask = yc.ne(-100).to_type(tokens.dtype);
                loss = (tokens * mask).sum(1) / mask.sum(1).clamp_min(1);
            }
            else
            {
                loss = nn.functional.cross_entropy(logits, yc, reduction: nn.Reduction.None);
            }
            loss.to_type(ScalarType.Float64).cpu().data<double>().CopyTo(losses, (int)i);
            Correct(logits, yc).cpu().data<bool>().CopyTo(correct, (int)i);
        }
        return (losses, correct);
    }

    private static string Describe(CurveRow? row) => row is null
        ? "not reached"
        : string.Create(CultureInfo.InvariantCulture, $"step {row.Step} (train {row.TrainAcc:F3}, test {row.TestAcc:F3}{(row.ValAcc is { } v ? $", validation {v:F3}" : "")})");
}
