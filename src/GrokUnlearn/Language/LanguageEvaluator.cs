using GrokUnlearn.Language.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Language;

/// <summary>
/// Computes TOFU's metrics of a model on a set of questions: teacher-forced answer NLLs (probability, truth ratio),
/// teacher-forced argmax (Extraction Strength, exact memorisation) and greedy generations (ROUGE-L recall).
/// </summary>
public sealed class LanguageEvaluator(WordTokenizer tokenizer)
{
    /// <summary>Per question: mean NLL of each answer token (and eos) and whether the argmax predicted it.</summary>
    public IReadOnlyList<(double MeanNll, bool[] Correct)> TeacherForced(nn.Module<Tensor, Tensor> model, IEnumerable<(string Question, string Answer)> pairs)
    {
        var list = pairs.ToList();
        if (list.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var (inputs, targets) = SequenceBatch.Encode(tokenizer, list);
        var device = model.parameters().First().device;
        if (device.type != DeviceType.CPU) (inputs, targets) = (inputs.to(device), targets.to(device));
        var logits = model.call(inputs);
        var mask = targets.ne(SequenceBatch.Ignore);
        var safe = targets.clamp_min(0);
        var nll = -nn.functional.log_softmax(logits, -1).gather(-1, safe.unsqueeze(-1)).squeeze(-1);
        var correct = logits.argmax(-1).eq(safe);
        var (n, l) = ((int)targets.shape[0], (int)targets.shape[1]);
        var nllValues = nll.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        var maskValues = mask.cpu().data<bool>().ToArray();
        var correctValues = correct.cpu().data<bool>().ToArray();
        var result = new List<(double, bool[])>(n);
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            var hits = new List<bool>();
            for (var t = 0; t < l; t++)
            {
                if (!maskValues[i * l + t]) continue;
                sum += nllValues[i * l + t];
                hits.Add(correctValues[i * l + t]);
            }
            result.Add((sum / Math.Max(1, hits.Count), hits.ToArray()));
        }
        return result;
    }

    /// <summary>Greedy answers (up to eos or the model's length), prompts of equal length decoded together.</summary>
    public IReadOnlyList<string> Generate(DecoderTransformer model, IReadOnlyList<string> questions, int maxNewTokens)
    {
        var answers = new string[questions.Count];
        var prompts = questions.Select(q => SequenceBatch.Prompt(tokenizer, q)).ToList();
        using var _ = no_grad();
        model.eval();
        foreach (var group in Enumerable.Range(0, questions.Count).GroupBy(i => prompts[i].Length))
        {
            using var scope = NewDisposeScope();
            var index = group.ToArray();
            var len = group.Key;
            var ids = tensor(index.SelectMany(i => prompts[i].Select(t => (long)t)).ToArray(), [index.Length, len], device: model.parameters().First().device);
            var steps = Math.Min(maxNewTokens, model.MaxLength - len);
            for (var s = 0; s < steps; s++)
            {
                var next = model.call(ids).select(1, -1).argmax(-1, keepdim: true);
                ids = cat([ids, next], 1);
                if (ids.narrow(1, len, s + 1).eq(WordTokenizer.Eos).any(1).all().ToBoolean()) break;
            }
            var generated = ids.narrow(1, len, ids.shape[1] - len).cpu().data<long>().ToArray();
            var width = (int)(ids.shape[1] - len);
            for (var r = 0; r < index.Length; r++)
            {
                var tokens = generated.Skip(r * width).Take(width).Select(t => (int)t).TakeWhile(t => t != WordTokenizer.Eos);
                answers[index[r]] = tokenizer.Decode(tokens);
            }
        }
        return answers;
    }

    /// <summary>
    /// Every TOFU number for one set. <paramref name="normalisedProbability"/> gives TOFU's probability for real authors
    /// and world facts: P̃(answer) / (P̃(answer) + Σ P̃(perturbed)).
    /// </summary>
    public SetScores Evaluate(DecoderTransformer model, IReadOnlyList<TofuItem> items, bool normalisedProbability = false, bool generate = true)
    {
        if (items.Count == 0) return new SetScores(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, []);
        var answer = TeacherForced(model, items.Select(i => (i.Question, i.Answer)));
        var paraphrased = TeacherForced(model, items.Select(i => (i.Question, i.ParaphrasedAnswer ?? i.Answer)));
        var flat = items.SelectMany(i => i.PerturbedAnswers.Select(p => (i.Question, p))).ToList();
        var perturbed = TeacherForced(model, flat);
        var ratios = new double[items.Count];
        var probabilities = new double[items.Count];
        var offset = 0;
        for (var q = 0; q < items.Count; q++)
        {
            var count = items[q].PerturbedAnswers.Count;
            var wrong = perturbed.Skip(offset).Take(count).Select(r => r.MeanNll).ToList();
            offset += count;
            ratios[q] = count == 0 ? double.NaN : TofuMetrics.TruthRatio(paraphrased[q].MeanNll, wrong);
            var p = TofuMetrics.Probability(answer[q].MeanNll);
            probabilities[q] = normalisedProbability && count > 0 ? p / (p + wrong.Sum(TofuMetrics.Probability)) : p;
        }
        var rouge = double.NaN;
        if (generate)
        {
            var longest = items.Max(i => tokenizer.Encode(i.Answer).Length) + 1;
            var generations = Generate(model, items.Select(i => i.Question).ToList(), longest + 4);
            rouge = items.Select((item, q) => RougeL.Recall(generations[q], item.Answer)).Average();
        }
        var valid = ratios.Where(r => !double.IsNaN(r)).ToList();
        return new SetScores(items.Count,
            probabilities.Average(),
            rouge,
            valid.Count == 0 ? double.NaN : TofuMetrics.ForgetTruthRatio(valid),
            valid.Count == 0 ? double.NaN : TofuMetrics.TruthRatioScore(valid),
            answer.Average(a => TofuMetrics.ExtractionStrength(a.Correct)),
            answer.Average(a => TofuMetrics.ExactMemorisation(a.Correct)),
            valid);
    }
}
