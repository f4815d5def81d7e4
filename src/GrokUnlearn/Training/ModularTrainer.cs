using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Pipeline;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Training;

/// <summary>
/// Full-batch AdamW training of a <see cref="ModularMlp"/> for one train cell: evaluates every eval_every steps
/// (curve row + weight snapshot), writes a resume point every checkpoint_every steps, and at the end selects
/// fit / θ_pre / θ_grok and publishes their checkpoints with content hashes. An interrupted run resumes from its
/// last resume point and produces the same numbers as an uninterrupted one.
/// </summary>
public sealed class ModularTrainer(Action<string> log)
{
    private const string ResumeTable = "resume.parquet";
    private const string ResumeModel = "resume-model.safetensors";
    private const string ResumeOptimizer = "resume-optimizer.bin";
    private const string StepKey = "grokunlearn.step";

    /// <summary>Trains the cell. <paramref name="abandonAfterStep"/> simulates a crash (tests): stop there without publishing.</summary>
    public async Task<TrainOutcome?> RunAsync(TrainCell cell, IReadOnlyList<ModularPairRow> pairs, CancellationToken ct = default,
        int? abandonAfterStep = null)
    {
        var recipe = cell.Run.Recipe;
        var p = cell.Run.Dataset.P;
        var store = cell.Store;
        var work = store.TrainWorkDir(cell.Id);
        var snapshots = Path.Combine(work, "snapshots");
        torch.set_num_threads(cell.Threads);

        var (xTrain, yTrain) = ModularArithmetic.ToTensors(pairs.Where(r => r.Split == "train").ToList());
        var (xTest, yTest) = ModularArithmetic.ToTensors(pairs.Where(r => r.Split == "test").ToList());
        using var _xTrain = xTrain;
        using var _yTrain = yTrain;
        using var _xTest = xTest;
        using var _yTest = yTest;

        using var model = new ModularMlp(p, cell.Run.Model);
        using (var generator = new Generator((ulong)cell.Seed)) model.Initialise(generator, cell.Run.Model.InitScale);
        using var optimizer = optim.AdamW(model.parameters(), recipe.Lr, recipe.Beta1, recipe.Beta2, recipe.Eps, recipe.WeightDecay);

        var curve = new List<CurveRow>();
        var start = await TryResumeAsync(cell, work, model, optimizer, curve);
        if (start == 0)
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.CreateDirectory(snapshots);
            curve.Add(Evaluate(cell, model, 0, xTrain, yTrain, xTest, yTest, 0));
            model.save_safetensors(SnapshotPath(snapshots, 0));
        }
        else
        {
            log($"[train] {cell.Id}: resuming from step {start} (work folder {work})");
        }

        var clock = Stopwatch.StartNew();
        var secondsBefore = curve[^1].TrainSeconds;
        var lastLog = Stopwatch.StartNew();
        var step = start;
        while (step < recipe.MaxSteps && !GrokConfirmed(curve, cell))
        {
            ct.ThrowIfCancellationRequested();
            step++;
            using (var scope = NewDisposeScope())
            {
                SetLearningRate(optimizer, recipe.Lr * Math.Min(1.0, recipe.WarmupSteps == 0 ? 1.0 : (double)step / recipe.WarmupSteps));
                model.train();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(xTrain), yTrain);
                loss.backward();
                if (recipe.Sam) SharpnessAwareGradient(model, xTrain, yTrain, recipe.SamRho);
                optimizer.step();
            }

            if (step % recipe.EvalEvery == 0 || step == recipe.MaxSteps)
            {
                var row = Evaluate(cell, model, step, xTrain, yTrain, xTest, yTest, secondsBefore + clock.Elapsed.TotalSeconds);
                curve.Add(row);
                model.save_safetensors(SnapshotPath(snapshots, step));
                if (lastLog.Elapsed.TotalSeconds >= 5 || step == recipe.MaxSteps)
                {
                    var rate = (step - start) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    log(string.Create(CultureInfo.InvariantCulture,
                        $"[train] {cell.Id}: step {step}/{recipe.MaxSteps}  train_acc {row.TrainAcc:F3}  test_acc {row.TestAcc:F3}  " +
                        $"train_loss {row.TrainLoss:G3}  |w| {row.WeightNorm:F1}  {rate:F1} steps/s"));
                    lastLog.Restart();
                }
            }
            if (step % recipe.CheckpointEvery == 0) await SaveResumeAsync(cell, work, model, optimizer, curve, step);
            if (abandonAfterStep == step) return null;
        }
        if (step < recipe.MaxSteps)
            log($"[train] {cell.Id}: test accuracy stayed ≥ {cell.Selection.GrokTestAcc} for {recipe.StopAfterGrokEvals} evaluations; stopping at step {step}.");

        return await PublishAsync(cell, model, curve, snapshots);
    }

    /// <summary>
    /// SAM (Foret et al. 2021): with ∇L(θ) in .grad, move to θ + ε, ε = ρ·g/‖g‖ (the first-order worst case in the ρ-ball),
    /// take the gradient there, move back, and leave that gradient for the optimizer to apply at θ.
    /// </summary>
    public static void SharpnessAwareGradient(ModularMlp model, Tensor x, Tensor y, double rho)
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
        nn.functional.cross_entropy(model.call(x), y).backward();
        using (no_grad())
            foreach (var (p, e) in parameters.Zip(perturbations)) p.sub_(e);
    }

    private static CurveRow Evaluate(TrainCell cell, ModularMlp model, int step, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest,
        double seconds)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var (trainLoss, trainAcc) = LossAndAccuracy(model, xTrain, yTrain);
        var (testLoss, testAcc) = LossAndAccuracy(model, xTest, yTest);
        var norm = Math.Sqrt(model.parameters().Sum(p => p.pow(2).sum().ToDouble()));
        return new CurveRow
        {
            Cell = cell.Id, Seed = cell.Seed, Step = step,
            TrainLoss = trainLoss, TrainAcc = trainAcc, TestLoss = testLoss, TestAcc = testAcc,
            WeightNorm = norm, TrainSeconds = seconds,
        };
    }

    private static (double Loss, double Accuracy) LossAndAccuracy(ModularMlp model, Tensor x, Tensor y)
    {
        var logits = model.call(x);
        var loss = nn.functional.cross_entropy(logits, y).ToDouble();
        var acc = logits.argmax(1).eq(y).to_type(ScalarType.Float64).mean().ToDouble();
        return (loss, acc);
    }

    private static bool GrokConfirmed(List<CurveRow> curve, TrainCell cell)
    {
        var needed = cell.Run.Recipe.StopAfterGrokEvals;
        if (needed == 0 || curve.Count < needed) return false;
        var tail = curve.TakeLast(needed).ToList();
        return tail.All(r => r.TestAcc >= cell.Selection.GrokTestAcc && r.TrainAcc >= cell.Selection.FitTrainAcc);
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private static string SnapshotPath(string dir, int step) =>
        Path.Combine(dir, $"step-{step.ToString("D8", CultureInfo.InvariantCulture)}.safetensors");

    private static async Task SaveResumeAsync(TrainCell cell, string work, ModularMlp model, TorchSharp.Modules.OptimizerHelper optimizer,
        List<CurveRow> curve, int step)
    {
        // Model and optimizer first (each atomically), the table last: the table is what marks a resume point valid.
        AtomicFile.Write(Path.Combine(work, ResumeModel), tmp => model.save_safetensors(tmp));
        AtomicFile.Write(Path.Combine(work, ResumeOptimizer), tmp => optimizer.save_state_dict(tmp));
        var meta = cell.Metadata(CurveRow.SchemaVersion);
        meta[StepKey] = step.ToString(CultureInfo.InvariantCulture);
        await ParquetTable.WriteAsync(Path.Combine(work, ResumeTable), curve, meta);
    }

    private async Task<int> TryResumeAsync(TrainCell cell, string work, ModularMlp model, TorchSharp.Modules.OptimizerHelper optimizer, List<CurveRow> curve)
    {
        var table = Path.Combine(work, ResumeTable);
        if (!File.Exists(table)) return 0;
        var (rows, meta) = await ParquetTable.ReadAsync<CurveRow>(table);
        if (!meta.TryGetValue(ParquetTable.FingerprintKey, out var fp) || fp != cell.Fingerprint)
        {
            log($"[train] {cell.Id}: discarding a resume point of a different configuration.");
            return 0;
        }
        var step = int.Parse(meta[StepKey], CultureInfo.InvariantCulture);
        model.load_safetensors(Path.Combine(work, ResumeModel));
        optimizer.load_state_dict(Path.Combine(work, ResumeOptimizer));
        curve.AddRange(rows.Where(r => r.Step <= step));
        // Snapshots written after the resume point belong to steps that will be recomputed.
        foreach (var snap in Directory.GetFiles(Path.Combine(work, "snapshots"), "step-*.safetensors"))
        {
            var snapStep = int.Parse(Path.GetFileNameWithoutExtension(snap)["step-".Length..], CultureInfo.InvariantCulture);
            if (snapStep > step) File.Delete(snap);
        }
        return step;
    }

    private async Task<TrainOutcome> PublishAsync(TrainCell cell, ModularMlp model, List<CurveRow> curve, string snapshots)
    {
        var events = GrokDetector.Detect(curve, cell.Selection);
        var selected = new List<(string Kind, CurveRow Row)>();
        if (events.Fit is not null) selected.Add(("fit", events.Fit));
        if (events.Pre is not null) selected.Add(("pre", events.Pre));
        if (events.Grok is not null) selected.Add(("grok", events.Grok));
        selected.Add(("final", curve[^1]));

        var store = cell.Store;
        var ckptDir = store.CheckpointsDir(cell.Id);
        if (Directory.Exists(ckptDir)) Directory.Delete(ckptDir, recursive: true);
        Directory.CreateDirectory(ckptDir);
        var stateKeys = string.Join(",", model.state_dict().Keys);
        var modelSpec = Fingerprint.ParametersJson(cell.Run.Model.Parameters());
        var manifest = new List<CheckpointRow>();
        foreach (var (kind, row) in selected)
        {
            var file = $"checkpoints/{kind}-step{row.Step.ToString("D8", CultureInfo.InvariantCulture)}.safetensors";
            var target = Path.Combine(store.TrainDir(cell.Id), file);
            AtomicFile.Write(target, tmp => File.Copy(SnapshotPath(snapshots, row.Step), tmp, overwrite: true));
            manifest.Add(new CheckpointRow
            {
                Cell = cell.Id, Dataset = cell.Run.Dataset.Name, Model = cell.Run.Model.Name, Recipe = cell.Run.Recipe.Name,
                Seed = cell.Seed, Kind = kind, Step = row.Step, TrainAcc = row.TrainAcc, TestAcc = row.TestAcc,
                File = file, Sha256 = await TrainCell.Sha256Async(target), Bytes = new FileInfo(target).Length,
                StateKeys = stateKeys, ModelSpec = modelSpec,
            });
        }
        await ParquetTable.WriteAsync(store.CurveTable(cell.Id), curve, cell.Metadata(CurveRow.SchemaVersion));
        await ParquetTable.WriteAsync(store.CheckpointTable(cell.Id), manifest, cell.Metadata(CheckpointRow.SchemaVersion));
        Directory.Delete(store.TrainWorkDir(cell.Id), recursive: true);

        log(string.Create(CultureInfo.InvariantCulture,
            $"[train] {cell.Id}: done — fit {Describe(events.Fit)}, θ_pre {Describe(events.Pre)}, θ_grok {Describe(events.Grok)}"));
        return new TrainOutcome(curve, events, manifest);
    }

    private static string Describe(CurveRow? row) => row is null
        ? "not reached"
        : string.Create(CultureInfo.InvariantCulture, $"step {row.Step} (train {row.TrainAcc:F3}, test {row.TestAcc:F3})");
}
