using GrokUnlearn.Language;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Tests.Fixtures;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Language;

/// <summary>
/// IdkPO's refusal answers are drawn anew for every forget row at every update (open-unlearning's QAwithIdkDataset
/// draws one each time an item is fetched), deterministically from the method's seed and the update.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RefusalDrawTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Theory]
    [InlineData(0)]   // the whole forget set every update
    [InlineData(2)]   // minibatches of 2 forget rows
    public void Each_Update_Should_Pair_Every_Forget_Row_With_A_Refusal_To_Its_Own_Question_Drawn_Per_Update(int forgetBatch)
    {
        var rows = TinyLanguage.Rows();
        using var task = new LanguageTask(rows, TinyLanguage.Spec);
        var forgetRows = task.TrainingRows().Take(3).ToList();
        var (fx, fy) = task.Tensors(forgetRows);
        var (rx, ry) = task.Tensors(task.TrainingRows().Skip(3).Take(3).ToList());
        var idk = task.RefusalTensors(forgetRows)!.Value;
        using var data = new UnlearnData(fx, fy, rx, ry, rx, ry, idk.X, idk.Y);
        Assert.Equal(IdkAnswers.All.Count, data.IdkChoices);
        var tokenizer = TinyLanguage.Tokenizer();
        // Independent decoding: the refusal row's prompt (up to sep) must be its forget row's question, its answer a refusal.
        var questions = Enumerable.Range(0, forgetRows.Count).Select(i => Prompt(fx[i])).ToList();
        var batches = new UnlearnBatches(data, forgetBatch, 0, seed: 77);
        var seen = new HashSet<string>();
        var perStep = new List<string>();
        for (var step = 1; step <= 40; step++)
        {
            var b = batches.For(step);
            var again = new UnlearnBatches(data, forgetBatch, 0, seed: 77).For(step);
            Assert.True(b.IdkInputs.equal(again.IdkInputs).all().item<bool>(), "the same seed and update must give the same draw");
            var drawn = new List<string>();
            for (var i = 0; i < b.ForgetX.shape[0]; i++)
            {
                Assert.Equal(Prompt(b.ForgetX[i]), Prompt(b.IdkInputs[i]));
                var answer = Answer(tokenizer, b.IdkInputs[i], b.IdkTargets[i]);
                Assert.Contains(answer, IdkAnswers.All);
                seen.Add(answer);
                drawn.Add(answer);
            }
            for (var i = 0; i < b.ForgetX.shape[0]; i++) Assert.Contains(Prompt(b.ForgetX[i]), questions);
            perStep.Add(string.Join("|", drawn));
        }
        Assert.Equal(IdkAnswers.All.Count, seen.Count);       // every refusal gets drawn over 40 updates
        Assert.True(perStep.Distinct().Count() > 1, "the draw must change between updates");
    }

    private static string Prompt(Tensor inputs)
    {
        var tokens = inputs.data<long>().ToArray();
        var sep = Array.IndexOf(tokens, (long)WordTokenizer.Sep);
        return string.Join(",", tokens.Take(sep + 1));
    }

    /// <summary>The answer text from the targets (next tokens ≠ −100), without the eos.</summary>
    private static string Answer(WordTokenizer tokenizer, Tensor inputs, Tensor targets) =>
        tokenizer.Decode(targets.data<long>().ToArray().Where(t => t != SequenceBatch.Ignore && t != WordTokenizer.Eos).Select(t => (int)t));
}
