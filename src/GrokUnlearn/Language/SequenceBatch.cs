using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Language;

/// <summary>
/// Question–answer pairs as next-token training tensors: sequence = bos question sep answer eos; inputs are the
/// sequence without its last token, targets the sequence shifted by one with every position that predicts a question
/// token (or padding) set to −100, so the loss and every metric count answer tokens (and eos) only.
/// </summary>
public static class SequenceBatch
{
    public const long Ignore = -100;

    /// <summary>(inputs [N, L], targets [N, L]) right-padded to the longest pair.</summary>
    public static (Tensor Inputs, Tensor Targets) Encode(WordTokenizer tokenizer, IEnumerable<(string Question, string Answer)> pairs)
    {
        var sequences = pairs.Select(p =>
        {
            var q = tokenizer.Encode(p.Question);
            var a = tokenizer.Encode(p.Answer);
            return (Tokens: (int[])[WordTokenizer.Bos, .. q, WordTokenizer.Sep, .. a, WordTokenizer.Eos], AnswerStart: q.Length + 2);
        }).ToList();
        var length = Math.Max(1, sequences.Select(s => s.Tokens.Length - 1).DefaultIfEmpty(1).Max());
        var inputs = new long[sequences.Count * length];
        var targets = new long[sequences.Count * length];
        Array.Fill(targets, Ignore);
        for (var n = 0; n < sequences.Count; n++)
        {
            var (tokens, answerStart) = sequences[n];
            for (var i = 0; i < tokens.Length - 1; i++)
            {
                inputs[n * length + i] = tokens[i];
                if (i + 1 >= answerStart) targets[n * length + i] = tokens[i + 1];
            }
        }
        return (tensor(inputs, [sequences.Count, length]), tensor(targets, [sequences.Count, length]));
    }

    /// <summary>The prompt of each question (bos question sep), for greedy generation.</summary>
    public static int[] Prompt(WordTokenizer tokenizer, string question) => [WordTokenizer.Bos, .. tokenizer.Encode(question), WordTokenizer.Sep];
}
