using System.Globalization;
using GrokUnlearn.Language.Metrics;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>
/// A language model's unlearning metrics (TOFU): the target is the retain-only oracle's forget-set Extraction Strength +
/// tolerance; every recorded update adds teacher-forced forget / retain ES and probability (lm-curve.parquet); before and
/// after, every TOFU metric on the forget split, retain_perturbed and world facts, forget quality (KS test of truth
/// ratios against the oracle's), model utility, and held-out-template accuracy of the retained authors (lm-result.parquet).
/// </summary>
public sealed class LanguageScorer : IUnlearnScorer
{
    private readonly UnlearnJob _job;
    private readonly LanguageEvaluator _evaluator;
    private readonly IReadOnlyList<QaRow> _forgetRows;
    private readonly IReadOnlyList<TofuItem> _forget, _retainEval, _world;
    private readonly IReadOnlyList<QaRow> _heldOut;
    /// <summary>The retained trained questions a method draws from (the rest of the training set, world facts aside).</summary>
    private readonly IReadOnlyList<QaRow> _retainSet;
    private readonly IReadOnlyList<(string Question, string Answer)> _retainCurve;
    private readonly List<LanguageCurveRow> _curve = [];
    private readonly LanguageResultRow _result;
    private SetScores? _oracleForget;

    public LanguageScorer(UnlearnJob job, LanguageTask task, IReadOnlySet<int> forget)
    {
        _job = job;
        _evaluator = new LanguageEvaluator(task.Tokenizer);
        _forgetRows = task.TrainingRows().Where(r => forget.Contains(r.Index)).Select(r => task.Question(r.Index)).ToList();
        _forget = _forgetRows.Select(TofuItem.From).ToList();
        var retainPerturbed = AuthorSplits.Select(task.Questions, "retain_perturbed");
        _retainEval = retainPerturbed.Select(TofuItem.From).ToList();
        // The per-update retain curve: retain_perturbed, without the forget questions a Table 2 set may have taken from it.
        _retainCurve = retainPerturbed.Where(q => !job.ExtractionOnly || !forget.Contains(q.Id)).Select(q => (q.Question, q.Answer)).ToList();
        _world = AuthorSplits.Select(task.Questions, "world_facts").Select(TofuItem.From).ToList();
        _heldOut = task.TestRows(forget).Select(r => task.Question(r.Index)).ToList();
        _retainSet = task.RetainPool(task.TrainingRows(forget)).Select(r => task.Question(r.Index)).ToList();
        _result = new LanguageResultRow
        {
            Cell = job.Id, Run = job.Run, Seed = job.Seed, Checkpoint = job.Checkpoint, ForgetSplit = job.Scenario,
            ForgetQuestions = _forgetRows.Count, Method = job.Method.Label, Hyperparameters = Fingerprint.ParametersJson(job.Method.Parameters()),
            // Without an oracle (a local-grokking cell) there is no target and no forget quality.
            OracleForgetEs = double.NaN, TargetForgetEs = double.NaN, ForgetQualityBefore = double.NaN, ForgetQuality = double.NaN, Log10ForgetQuality = double.NaN,
        };
    }

    public LanguageResultRow Result => _result;

    public void MeasureOracle(nn.Module<Tensor, Tensor> oracle, UnlearnData data)
    {
        _oracleForget = _evaluator.Evaluate((DecoderTransformer)oracle, _forget, generate: false);
        _result.OracleForgetEs = _oracleForget.ExtractionStrength;
        _result.TargetForgetEs = _oracleForget.ExtractionStrength + _job.TargetTolerance;
    }

    public void MeasureBefore(nn.Module<Tensor, Tensor> model, UnlearnData data, int checkpointStep)
    {
        _result.CheckpointStep = checkpointStep;
        _result.RetainSetEsBefore = RetainSetEs(model);
        if (_job.ExtractionOnly)
        {
            _result.ForgetEsBefore = ForgetEs(model);
            (_result.RetainEsBefore, _result.ModelUtilityBefore) = (double.NaN, double.NaN);
            return;
        }
        var before = Measure((DecoderTransformer)model);
        _result.ForgetEsBefore = before.Forget.ExtractionStrength;
        _result.RetainEsBefore = before.Retain.ExtractionStrength;
        _result.ModelUtilityBefore = before.Utility;
        if (_oracleForget is not null)
            _result.ForgetQualityBefore = KolmogorovSmirnov.TwoSample(before.Forget.TruthRatios, _oracleForget.TruthRatios).PValue;
    }

    public void Record(nn.Module<Tensor, Tensor> model, UnlearnData data, int updates, double loss)
    {
        var f = _evaluator.TeacherForced(model, _forgetRows.Select(r => (r.Question, r.Answer)));
        var r = _evaluator.TeacherForced(model, _retainCurve);
        _curve.Add(new LanguageCurveRow
        {
            Cell = _job.Id, Method = _job.Method.Name, Checkpoint = _job.Checkpoint, Seed = _job.Seed, Updates = updates, Loss = loss,
            ForgetEs = f.Average(q => TofuMetrics.ExtractionStrength(q.Correct)),
            ForgetProb = f.Average(q => TofuMetrics.Probability(q.MeanNll)),
            RetainEs = r.Average(q => TofuMetrics.ExtractionStrength(q.Correct)),
            RetainProb = r.Average(q => TofuMetrics.Probability(q.MeanNll)),
        });
    }

    public void MeasureAfter(nn.Module<Tensor, Tensor> model, UnlearnData data)
    {
        var transformer = (DecoderTransformer)model;
        _result.Updates = _job.Method.Steps;
        _result.RetainSetEs = RetainSetEs(transformer);
        _result.Status = "done";
        if (_job.ExtractionOnly)
        {
            _result.ForgetEs = ForgetEs(model);
            foreach (var set in new Action<double>[] { v => _result.ForgetEm = v, v => _result.ForgetProb = v, v => _result.ForgetRouge = v,
                v => _result.ForgetTruthRatio = v, v => _result.RetainEs = v, v => _result.RetainProb = v, v => _result.RetainRouge = v,
                v => _result.RetainTruthRatioScore = v, v => _result.WorldProb = v, v => _result.WorldRouge = v, v => _result.WorldTruthRatioScore = v,
                v => _result.ModelUtility = v, v => _result.HeldOutAcc = v })
                set(double.NaN);
            return;
        }
        var after = Measure(transformer);
        _result.StepsToTarget = _oracleForget is null ? null : _curve.FirstOrDefault(r => r.ForgetEs <= _result.TargetForgetEs)?.Updates;
        _result.ForgetEs = after.Forget.ExtractionStrength;
        _result.ForgetEm = after.Forget.ExactMemorisation;
        _result.ForgetProb = after.Forget.Probability;
        _result.ForgetRouge = after.Forget.Rouge;
        _result.ForgetTruthRatio = after.Forget.TruthRatio;
        if (_oracleForget is not null)
        {
            _result.ForgetQuality = KolmogorovSmirnov.TwoSample(after.Forget.TruthRatios, _oracleForget.TruthRatios).PValue;
            _result.Log10ForgetQuality = Math.Log10(Math.Max(_result.ForgetQuality, double.Epsilon));
        }
        _result.RetainEs = after.Retain.ExtractionStrength;
        _result.RetainProb = after.Retain.Probability;
        _result.RetainRouge = after.Retain.Rouge;
        _result.RetainTruthRatioScore = after.Retain.TruthRatioScore;
        _result.WorldProb = after.World.Probability;
        _result.WorldRouge = after.World.Rouge;
        _result.WorldTruthRatioScore = after.World.TruthRatioScore;
        _result.ModelUtility = after.Utility;
        _result.HeldOutAcc = _heldOut.Count == 0 ? double.NaN
            : _evaluator.TeacherForced(transformer, _heldOut.Select(r => (r.Question, r.Answer))).Average(q => q.Correct.All(c => c) ? 1.0 : 0.0);
    }

    public void NotReached(string status) => _result.Status = status;

    public string Summary(double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        var middle = _oracleForget is null
            ? string.Create(c, $", retain-set ES {_result.RetainSetEsBefore:F3} → {_result.RetainSetEs:F3}, ")
            : string.Create(c, $" (oracle {_result.OracleForgetEs:F3}), steps to target {_result.StepsToTarget?.ToString(c) ?? "never"}, forget quality {_result.ForgetQuality:G3}, ");
        return string.Create(c, $"forget ES {_result.ForgetEsBefore:F3} → {_result.ForgetEs:F3}") + middle
            + (_job.ExtractionOnly ? string.Create(c, $"({seconds:F1} s)") : string.Create(c, $"model utility {_result.ModelUtilityBefore:F3} → {_result.ModelUtility:F3} ({seconds:F1} s)"));
    }

    public async Task WriteAsync(UnlearnJob job, double seconds)
    {
        _result.Seconds = seconds;
        await ParquetTable.WriteAsync(job.CurveTable, _curve, job.Metadata(LanguageCurveRow.SchemaVersion));
        await ParquetTable.WriteAsync(job.ResultTable, new[] { _result }, job.Metadata(LanguageResultRow.SchemaVersion));
    }

    /// <summary>Teacher-forced Extraction Strength averaged over the forget set (what <see cref="LanguageEvaluator.Evaluate"/> reports as ES).</summary>
    private double ForgetEs(nn.Module<Tensor, Tensor> model) =>
        _evaluator.TeacherForced(model, _forgetRows.Select(r => (r.Question, r.Answer))).Average(q => TofuMetrics.ExtractionStrength(q.Correct));

    /// <summary>Teacher-forced Extraction Strength averaged over the retain set (the Table 2 design's ES_retain).</summary>
    private double RetainSetEs(nn.Module<Tensor, Tensor> model) => _retainSet.Count == 0 ? double.NaN
        : _evaluator.TeacherForced(model, _retainSet.Select(r => (r.Question, r.Answer))).Average(q => TofuMetrics.ExtractionStrength(q.Correct));

    private sealed record Measures(SetScores Forget, SetScores Retain, SetScores World, double Utility);

    private Measures Measure(DecoderTransformer model)
    {
        var f = _evaluator.Evaluate(model, _forget);
        var r = _evaluator.Evaluate(model, _retainEval);
        var w = _evaluator.Evaluate(model, _world, normalisedProbability: true);
        var utility = TofuMetrics.HarmonicMean([r.Probability, r.Rouge, r.TruthRatioScore, w.Probability, w.Rouge, w.TruthRatioScore]);
        return new Measures(f, r, w, utility);
    }
}
