using TorchSharp;
using System.Globalization;
using GrokUnlearn.Metrics;
using GrokUnlearn.Tasks;
using GrokUnlearn.Storage;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// A classifier's unlearning metrics: forget (UA), retain (RA) and test (TA) accuracy and the entropy MIA before, along
/// the curve and after; the target is the retrain oracle's UA + tolerance; steps to target = the first recorded update
/// with UA ≤ target; UES with a guard (result.parquet, curve.parquet).
/// </summary>
public sealed class ClassifierScorer(UnlearnJob job, int forgetSize) : IUnlearnScorer
{
    private readonly List<UnlearnCurveRow> _curve = [];
    private readonly UnlearnResultRow _result = new()
    {
        Cell = job.Id, TrainCell = job.Run, Dataset = job.Dataset, Seed = job.Seed, Checkpoint = job.StartLabel, Scenario = job.Scenario,
        Method = job.Method.Label, ForgetSize = forgetSize, Hyperparameters = Fingerprint.ParametersJson(job.Method.Parameters()),
    };
    private Measures? _before;

    public UnlearnResultRow Result => _result;

    public void MeasureOracle(nn.Module<Tensor, Tensor> oracle, UnlearnData data)
    {
        var o = Measure(oracle, data);
        (_result.OracleUa, _result.OracleRa, _result.OracleTa, _result.OracleMia) = (o.Ua, o.Ra, o.Ta, o.Mia);
        _result.TargetUa = _result.OracleUa + job.TargetTolerance;
    }

    public void MeasureBefore(nn.Module<Tensor, Tensor> model, UnlearnData data, int checkpointStep)
    {
        _result.CheckpointStep = checkpointStep;
        _before = Measure(model, data);
        (_result.UaBefore, _result.RaBefore, _result.TaBefore, _result.MiaBefore) = (_before.Ua, _before.Ra, _before.Ta, _before.Mia);
    }

    public void Record(nn.Module<Tensor, Tensor> model, UnlearnData data, int updates, double loss)
    {
        using var scope = NewDisposeScope();
        var forget = TaskEvaluation.Outputs(model, data.ForgetX);
        var retain = TaskEvaluation.Outputs(model, data.RetainX);
        _curve.Add(new UnlearnCurveRow
        {
            Cell = job.Id, Method = job.Method.Label, Checkpoint = job.StartLabel, Seed = job.Seed, Updates = updates,
            ForgetAcc = TaskEvaluation.Accuracy(forget, data.ForgetY), RetainAcc = TaskEvaluation.Accuracy(retain, data.RetainY),
            TestAcc = TaskEvaluation.Accuracy(TaskEvaluation.Outputs(model, data.TestX), data.TestY),
            ForgetLoss = TaskEvaluation.CrossEntropy(forget, data.ForgetY).ToDouble(),
            RetainLoss = TaskEvaluation.CrossEntropy(retain, data.RetainY).ToDouble(),
        });
    }

    public void MeasureAfter(nn.Module<Tensor, Tensor> model, UnlearnData data)
    {
        var after = Measure(model, data);
        var before = _before!;
        (_result.Ua, _result.Ra, _result.Ta, _result.Mia) = (after.Ua, after.Ra, after.Ta, after.Mia);
        _result.Updates = _curve[^1].Updates;
        _result.StepsToTarget = _curve.FirstOrDefault(r => r.ForgetAcc <= _result.TargetUa)?.Updates;
        _result.ClosestUa = _curve.Min(r => r.ForgetAcc);
        (_result.Ues, _result.UesUnstable) = Ues.Compute(before.Ua, after.Ua, before.Ta, after.Ta, before.Ra, after.Ra);
        _result.Status = "done";
    }

    public void NotReached(string status) => _result.Status = status;

    public string Summary(double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"UA {_result.UaBefore:F3} → {_result.Ua:F3} (oracle {_result.OracleUa:F3}), RA {_result.RaBefore:F3} → {_result.Ra:F3}, " +
        $"TA {_result.TaBefore:F3} → {_result.Ta:F3}, steps to target {(_result.StepsToTarget?.ToString(CultureInfo.InvariantCulture) ?? "never")}, MIA {_result.Mia:F3} " +
        $"({seconds:F1} s)");

    public async Task WriteAsync(UnlearnJob job, double seconds)
    {
        _result.Seconds = seconds;
        await ParquetTable.WriteAsync(job.CurveTable, _curve, job.Metadata(UnlearnCurveRow.SchemaVersion));
        await ParquetTable.WriteAsync(job.ResultTable, new[] { _result }, job.Metadata(UnlearnResultRow.SchemaVersion));
    }

    private sealed record Measures(double Ua, double Ra, double Ta, double Mia);

    private static Measures Measure(nn.Module<Tensor, Tensor> model, UnlearnData data)
    {
        using var scope = NewDisposeScope();
        var forget = TaskEvaluation.Outputs(model, data.ForgetX);
        var retain = TaskEvaluation.Outputs(model, data.RetainX);
        var test = TaskEvaluation.Outputs(model, data.TestX);
        var mia = EntropyMia.Score(EntropyMia.Entropies(retain), EntropyMia.Entropies(test), EntropyMia.Entropies(forget));
        return new Measures(TaskEvaluation.Accuracy(forget, data.ForgetY), TaskEvaluation.Accuracy(retain, data.RetainY),
            TaskEvaluation.Accuracy(test, data.TestY), mia);
    }
}
