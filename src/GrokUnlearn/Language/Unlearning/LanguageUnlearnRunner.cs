using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Config;
using GrokUnlearn.Language.Metrics;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>
/// Runs one language unlearn cell: loads the starting checkpoint (and a frozen copy when the method needs one) and the
/// retain-only oracle; the target is the oracle's forget-set Extraction Strength + tolerance. Each update sees the
/// whole forget split and as many retain questions drawn for that update (seeded by run seed, split and method, so
/// θ_pre and θ_grok see the same draws); forget / retain ES are measured every eval_every updates; at the end every
/// TOFU metric on forget, retain_perturbed and world facts, forget quality against the oracle, and model utility.
/// </summary>
public sealed class LanguageUnlearnRunner(Action<string> log)
{
    public async Task<LanguageResultRow> RunAsync(LanguageUnlearnCell cell, IReadOnlyList<QaRow> rows)
    {
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(cell.Run.Threads);
        var method = LanguageMethodRegistry.Create(cell.Method.Name)
            ?? throw new InvalidOperationException($"unknown language method {cell.Method.Name}.");
        var forgetRows = AuthorSplits.Select(rows, cell.Split);
        var result = new LanguageResultRow
        {
            Cell = cell.Id, Run = cell.Run.Id, Seed = cell.Run.Seed, Checkpoint = cell.Checkpoint, ForgetSplit = cell.Split,
            ForgetQuestions = forgetRows.Count, Method = cell.Method.Name, Hyperparameters = Fingerprint.ParametersJson(cell.Method.Parameters()),
        };
        var curve = new List<LanguageCurveRow>();
        var start = await cell.Run.FindCheckpointAsync(cell.Checkpoint);
        if (start is null)
        {
            result.Status = $"no {cell.Checkpoint} checkpoint: the run never reached it";
            log($"[unlearn] {cell.Id}: {result.Status}; recorded without metrics.");
        }
        else
        {
            var oracleCheckpoint = await cell.Oracle.FindCheckpointAsync("final")
                ?? throw new StageInputException($"retain-only oracle {cell.Oracle.Id} has no final checkpoint.");
            var tokenizer = AuthorSplits.Tokenizer(rows);
            var evaluator = new LanguageEvaluator(tokenizer);
            var spec = (TransformerSpec)cell.Run.Run.Model;
            var forget = forgetRows.Select(TofuItem.From).ToList();
            var retainEval = AuthorSplits.Select(rows, "retain_perturbed").Select(TofuItem.From).ToList();
            var world = AuthorSplits.Select(rows, "world_facts").Select(TofuItem.From).ToList();
            var heldOut = AuthorSplits.HeldOut(rows, cell.Split);

            SetScores oracleForget;
            using (var oracle = DecoderTransformer.FromCheckpoint(tokenizer.Count, spec, oracleCheckpoint.Path))
                oracleForget = evaluator.Evaluate(oracle, forget, generate: false);
            result.OracleForgetEs = oracleForget.ExtractionStrength;
            result.TargetForgetEs = oracleForget.ExtractionStrength + cell.Shared.TargetTolerance;
            result.CheckpointStep = start.Value.Step;

            using var model = DecoderTransformer.FromCheckpoint(tokenizer.Count, spec, start.Value.Path);
            using var reference = method.NeedsReference ? DecoderTransformer.FromCheckpoint(tokenizer.Count, spec, start.Value.Path) : null;
            if (reference is not null)
                foreach (var p in reference.parameters()) p.requires_grad = false;
            var before = Measure(evaluator, model, forget, retainEval, world);
            result.ForgetEsBefore = before.Forget.ExtractionStrength;
            result.ModelUtilityBefore = before.Utility;
            result.ForgetQualityBefore = KolmogorovSmirnov.TwoSample(before.Forget.TruthRatios, oracleForget.TruthRatios).PValue;

            var retainPool = AuthorSplits.Select(rows, $"retain{100 - LanguageUnlearnSpec.Percent(cell.Split)}")
                .Where(r => r.Split == QaRow.Train).ToList();
            var seed = MethodSeed(cell);
            var idk = new Random((int)(seed & 0x7fffffff));
            var (forgetInputs, forgetTargets) = SequenceBatch.Encode(tokenizer, forgetRows.Select(r => (r.Question, r.Answer)));
            var (idkInputs, idkTargets) = SequenceBatch.Encode(tokenizer, forgetRows.Select(r => (r.Question, IdkAnswers.All[idk.Next(IdkAnswers.All.Count)])));
            var (retainInputs, retainTargets) = SequenceBatch.Encode(tokenizer, retainPool.Select(r => (r.Question, r.Answer)));
            var context = new LanguageUnlearningContext(model, reference, cell.Method, cell.Run.Seed);
            using var optimizer = CreateOptimizer(model, cell.Method);
            curve.Add(CurveRow(cell, evaluator, model, forgetRows, retainEval, 0, double.NaN));
            for (var step = 1; step <= cell.Method.Steps; step++)
            {
                double loss;
                using (var scope = NewDisposeScope())
                {
                    var (ri, rt) = RetainBatch(retainInputs, retainTargets, forgetRows.Count, seed, step);
                    loss = Update(model, optimizer, method, context, new LanguageStepBatch(forgetInputs, forgetTargets, idkInputs, idkTargets, ri, rt));
                }
                NativeHeap.AfterStep(step);
                if (step % cell.Shared.EvalEvery == 0 || step == cell.Method.Steps)
                    curve.Add(CurveRow(cell, evaluator, model, forgetRows, retainEval, step, loss));
            }
            foreach (var t in context.State.Values) t.Dispose();
            foreach (var t in new[] { forgetInputs, forgetTargets, idkInputs, idkTargets, retainInputs, retainTargets }) t.Dispose();

            var after = Measure(evaluator, model, forget, retainEval, world);
            result.Updates = cell.Method.Steps;
            result.StepsToTarget = curve.FirstOrDefault(r => r.ForgetEs <= result.TargetForgetEs)?.Updates;
            result.ForgetEs = after.Forget.ExtractionStrength;
            result.ForgetEm = after.Forget.ExactMemorisation;
            result.ForgetProb = after.Forget.Probability;
            result.ForgetRouge = after.Forget.Rouge;
            result.ForgetTruthRatio = after.Forget.TruthRatio;
            result.ForgetQuality = KolmogorovSmirnov.TwoSample(after.Forget.TruthRatios, oracleForget.TruthRatios).PValue;
            result.Log10ForgetQuality = Math.Log10(Math.Max(result.ForgetQuality, double.Epsilon));
            result.RetainEs = after.Retain.ExtractionStrength;
            result.RetainProb = after.Retain.Probability;
            result.RetainRouge = after.Retain.Rouge;
            result.RetainTruthRatioScore = after.Retain.TruthRatioScore;
            result.WorldProb = after.World.Probability;
            result.WorldRouge = after.World.Rouge;
            result.WorldTruthRatioScore = after.World.TruthRatioScore;
            result.ModelUtility = after.Utility;
            result.HeldOutAcc = HeldOutAccuracy(evaluator, model, heldOut);
            result.Status = "done";
            AtomicFile.Write(cell.Store.UnlearnedModel(cell.Id), tmp => model.save_safetensors(tmp));
            log(string.Create(CultureInfo.InvariantCulture,
                $"[unlearn] {cell.Id}: forget ES {result.ForgetEsBefore:F3} → {result.ForgetEs:F3} (oracle {result.OracleForgetEs:F3}), " +
                $"steps to target {(result.StepsToTarget?.ToString(CultureInfo.InvariantCulture) ?? "never")}, forget quality {result.ForgetQuality:G3}, " +
                $"model utility {result.ModelUtilityBefore:F3} → {result.ModelUtility:F3} ({clock.Elapsed.TotalSeconds:F1} s)"));
        }
        result.Seconds = clock.Elapsed.TotalSeconds;
        await ParquetTable.WriteAsync(cell.Store.LanguageCurveTable(cell.Id), curve, cell.Metadata(LanguageCurveRow.SchemaVersion));
        await ParquetTable.WriteAsync(cell.LockTable, new[] { result }, cell.Metadata(LanguageResultRow.SchemaVersion));
        return result;
    }

    /// <summary>One update: zero grads, the method's loss, backward, optimizer step. Returns the loss.</summary>
    public static double Update(DecoderTransformer model, optim.Optimizer optimizer, ILanguageUnlearningMethod method,
        LanguageUnlearningContext context, LanguageStepBatch batch)
    {
        model.train();
        optimizer.zero_grad();
        var loss = method.Loss(context, batch);
        loss.backward();
        optimizer.step();
        return loss.ToDouble();
    }

    public static optim.Optimizer CreateOptimizer(DecoderTransformer model, MethodSpec spec) => spec.Optimizer == "sgd"
        ? optim.SGD(model.parameters(), spec.Lr, spec.Momentum, weight_decay: spec.WeightDecay)
        : optim.AdamW(model.parameters(), spec.Lr, weight_decay: spec.WeightDecay);

    /// <summary><paramref name="count"/> retain questions drawn with replacement, from a generator seeded by seed and update.</summary>
    public static (Tensor Inputs, Tensor Targets) RetainBatch(Tensor inputs, Tensor targets, int count, ulong seed, int step)
    {
        using var generator = new Generator(unchecked(seed + (ulong)step * 0x9E3779B97F4A7C15UL));
        var index = randint(0, inputs.shape[0], [count], generator: generator);
        return (inputs.index_select(0, index), targets.index_select(0, index));
    }

    /// <summary>The method's random stream depends on the run's seed, the split and the method, not on the checkpoint.</summary>
    public static ulong MethodSeed(LanguageUnlearnCell cell) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{cell.Run.Seed}/{cell.Split}/{cell.Method.Name}")), 0);

    private sealed record Measures(SetScores Forget, SetScores Retain, SetScores World, double Utility);

    private static Measures Measure(LanguageEvaluator evaluator, DecoderTransformer model, IReadOnlyList<TofuItem> forget,
        IReadOnlyList<TofuItem> retain, IReadOnlyList<TofuItem> world)
    {
        var f = evaluator.Evaluate(model, forget);
        var r = evaluator.Evaluate(model, retain);
        var w = evaluator.Evaluate(model, world, normalisedProbability: true);
        var utility = TofuMetrics.HarmonicMean([r.Probability, r.Rouge, r.TruthRatioScore, w.Probability, w.Rouge, w.TruthRatioScore]);
        return new Measures(f, r, w, utility);
    }

    private static double HeldOutAccuracy(LanguageEvaluator evaluator, DecoderTransformer model, IReadOnlyList<QaRow> heldOut) =>
        heldOut.Count == 0 ? double.NaN : evaluator.TeacherForced(model, heldOut.Select(r => (r.Question, r.Answer))).Average(q => q.Correct.All(c => c) ? 1.0 : 0.0);

    private static LanguageCurveRow CurveRow(LanguageUnlearnCell cell, LanguageEvaluator evaluator, DecoderTransformer model,
        IReadOnlyList<QaRow> forget, IReadOnlyList<TofuItem> retain, int updates, double loss)
    {
        var f = evaluator.TeacherForced(model, forget.Select(r => (r.Question, r.Answer)));
        var r = evaluator.TeacherForced(model, retain.Select(i => (i.Question, i.Answer)));
        return new LanguageCurveRow
        {
            Cell = cell.Id, Method = cell.Method.Name, Checkpoint = cell.Checkpoint, Seed = cell.Run.Seed, Updates = updates, Loss = loss,
            ForgetEs = f.Average(q => TofuMetrics.ExtractionStrength(q.Correct)),
            ForgetProb = f.Average(q => TofuMetrics.Probability(q.MeanNll)),
            RetainEs = r.Average(q => TofuMetrics.ExtractionStrength(q.Correct)),
            RetainProb = r.Average(q => TofuMetrics.Probability(q.MeanNll)),
        };
    }
}
