using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Metrics;
using GrokUnlearn.Models;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Runs one unlearn cell: loads the starting checkpoint and the retrain oracle, measures both, applies the method
/// while recording UA/RA/TA after every eval_every updates, then writes the curve and the result (lock table last).
/// </summary>
public sealed class UnlearnRunner(Action<string> log)
{
    public async Task<UnlearnResultRow> RunAsync(UnlearnCell cell, IReadOnlyList<Data.ModularPairRow> pairs, IReadOnlySet<int> forget)
    {
        var clock = Stopwatch.StartNew();
        var method = MethodRegistry.Create(cell.Method.Name) ?? throw new InvalidOperationException($"unknown method {cell.Method.Name}");
        torch.set_num_threads(cell.Run.Threads);
        var p = cell.Run.Run.Modular.P;
        var result = new UnlearnResultRow
        {
            Cell = cell.Id, TrainCell = cell.Run.Id, Dataset = cell.Run.Run.Dataset.Name, Seed = cell.Run.Seed,
            Checkpoint = cell.Run.Run.StartLabel(cell.Checkpoint), Scenario = cell.Split.Scenario.Name, Method = cell.Method.Name,
            ForgetSize = forget.Count, Hyperparameters = Fingerprint.ParametersJson(cell.Method.Parameters()),
        };

        var start = await cell.Run.FindCheckpointAsync(cell.Checkpoint);
        var curve = new List<UnlearnCurveRow>();
        if (start is null)
        {
            result.Status = $"no {cell.Checkpoint} checkpoint: the run never reached it";
            log($"[unlearn] {cell.Id}: {result.Status}; recorded without metrics.");
            if (File.Exists(cell.Store.UnlearnedModel(cell.Id))) File.Delete(cell.Store.UnlearnedModel(cell.Id));
        }
        else
        {
            using var data = new UnlearnData(pairs, forget);
            var oracleCheckpoint = await cell.Oracle.FindCheckpointAsync("final")
                ?? throw new StageInputException($"retrain oracle {cell.Oracle.Id} has no final checkpoint.");
            using (var oracle = Load(cell, oracleCheckpoint.Path))
            {
                var o = Measure(oracle, data);
                (result.OracleUa, result.OracleRa, result.OracleTa, result.OracleMia) = (o.Ua, o.Ra, o.Ta, o.Mia);
            }
            result.TargetUa = result.OracleUa + cell.Shared.TargetTolerance;
            result.CheckpointStep = start.Value.Step;

            using var model = Load(cell, start.Value.Path);
            var before = Measure(model, data);
            (result.UaBefore, result.RaBefore, result.TaBefore, result.MiaBefore) = (before.Ua, before.Ra, before.Ta, before.Mia);
            using var generator = new Generator(MethodSeed(cell));
            using var context = new UnlearningContext(model, data, cell.Method, p, generator, cell.Shared.EvalEvery,
                updates => curve.Add(CurveRow(cell, model, data, updates)),
                () => new ModularMlp(p, cell.Run.Run.ModularModel), cell.Run.Run.Model.InitScale);
            context.Record(0);
            method.Run(context);

            var after = Measure(model, data);
            (result.Ua, result.Ra, result.Ta, result.Mia) = (after.Ua, after.Ra, after.Ta, after.Mia);
            result.Updates = curve[^1].Updates;
            result.StepsToTarget = curve.FirstOrDefault(r => r.ForgetAcc <= result.TargetUa)?.Updates;
            result.ClosestUa = curve.Min(r => r.ForgetAcc);
            (result.Ues, result.UesUnstable) = Ues.Compute(before.Ua, after.Ua, before.Ta, after.Ta, before.Ra, after.Ra);
            result.Status = "done";
            AtomicFile.Write(cell.Store.UnlearnedModel(cell.Id), tmp => model.save_safetensors(tmp));
            log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"[unlearn] {cell.Id}: UA {before.Ua:F3} → {after.Ua:F3} (oracle {result.OracleUa:F3}), RA {before.Ra:F3} → {after.Ra:F3}, " +
                $"TA {before.Ta:F3} → {after.Ta:F3}, steps to target {(result.StepsToTarget?.ToString() ?? "never")}, MIA {after.Mia:F3} " +
                $"({clock.Elapsed.TotalSeconds:F1} s)"));
        }
        result.Seconds = clock.Elapsed.TotalSeconds;
        await ParquetTable.WriteAsync(cell.Store.UnlearnCurveTable(cell.Id), curve, cell.Metadata(UnlearnCurveRow.SchemaVersion));
        await ParquetTable.WriteAsync(cell.LockTable, new[] { result }, cell.Metadata(UnlearnResultRow.SchemaVersion));
        return result;
    }

    /// <summary>
    /// The method's random stream depends on the run's seed, the scenario and the method, not on the checkpoint:
    /// θ_pre and θ_grok see the same random labels, batches and draws.
    /// </summary>
    public static ulong MethodSeed(UnlearnCell cell) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{cell.Run.Seed}/{cell.Split.Scenario.Name}/{cell.Method.Name}")), 0);

    private static ModularMlp Load(UnlearnCell cell, string path) => ModularMlp.FromCheckpoint(cell.Run.Run.Modular.P, cell.Run.Run.ModularModel, path);

    private sealed record Measures(double Ua, double Ra, double Ta, double Mia);

    private static Measures Measure(ModularMlp model, UnlearnData data)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var forget = model.call(data.ForgetX);
        var retain = model.call(data.RetainX);
        var test = model.call(data.TestX);
        var mia = EntropyMia.Score(EntropyMia.Entropies(retain), EntropyMia.Entropies(test), EntropyMia.Entropies(forget));
        return new Measures(Accuracy(forget, data.ForgetY), Accuracy(retain, data.RetainY), Accuracy(test, data.TestY), mia);
    }

    private static UnlearnCurveRow CurveRow(UnlearnCell cell, ModularMlp model, UnlearnData data, int updates)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var forget = model.call(data.ForgetX);
        var retain = model.call(data.RetainX);
        return new UnlearnCurveRow
        {
            Cell = cell.Id, Method = cell.Method.Name, Checkpoint = cell.Run.Run.StartLabel(cell.Checkpoint), Seed = cell.Run.Seed, Updates = updates,
            ForgetAcc = Accuracy(forget, data.ForgetY), RetainAcc = Accuracy(retain, data.RetainY),
            TestAcc = Accuracy(model.call(data.TestX), data.TestY),
            ForgetLoss = nn.functional.cross_entropy(forget, data.ForgetY).ToDouble(),
            RetainLoss = nn.functional.cross_entropy(retain, data.RetainY).ToDouble(),
        };
    }

    public static double Accuracy(Tensor logits, Tensor labels) =>
        logits.argmax(1).eq(labels).to_type(ScalarType.Float64).mean().ToDouble();
}
