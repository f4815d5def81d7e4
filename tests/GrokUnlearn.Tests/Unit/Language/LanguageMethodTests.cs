using GrokUnlearn.Config;
using GrokUnlearn.Language;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Language;

/// <summary>
/// Each language method's update (one SGD step through the shared loop) against an independent computation: the loss
/// written out from logits with explicit log-softmax, one-hot selection and log σ(z) = −log(1 + e^−z), its gradient by
/// autograd on a second copy of the model, and θ − lr·∇L applied by hand.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LanguageMethodTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;
    private const double Lr = 0.05;
    private const int Seed = 3;

    public static TheoryData<string, string> Methods => new()
    {
        { "GA", "" },
        { "GD", "gamma=1;alpha=0.5" },
        { "KL", "gamma=0.7;alpha=2" },
        { "IdkPO", "gamma=1;alpha=0.5" },
        { "NPO", "beta=0.5;gamma=1;alpha=0.3" },
        { "SimNPO", "beta=2;delta=0.3;gamma=0.5;alpha=1" },
        { "RMU", "layer=0;steering=3;gamma=1;alpha=2" },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void One_Update_Should_Equal_A_Hand_Applied_Gradient_Step_Of_The_Independent_Loss(string name, string options)
    {
        // Given: three forget questions (with refusal answers for IdkPO), three retain questions, and a reference model
        // that differs from the start (so KL, NPO and RMU's retain term are not trivially zero).
        var method = MethodRegistry.Create(name)!;
        var values = options.Length == 0 ? new Dictionary<string, double>()
            : options.Split(';').Select(o => o.Split('=')).ToDictionary(o => o[0], o => double.Parse(o[1], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var o in method.Options) values.TryAdd(o.Key, o.Default);
        var spec = new MethodSpec(name, "sgd", Lr, 0, 0, 1, values);
        var rows = TinyLanguage.Rows();
        var forget = AuthorSplits.Select(rows, "forget10").Take(3).ToList();
        var retain = AuthorSplits.Select(rows, "retain90").Where(r => r.Split == QaRow.Train).Take(3).ToList();
        var (fx, fy) = TinyLanguage.Encode(forget.Select(r => (r.Question, r.Answer)));
        var (ix, iy) = TinyLanguage.Encode(forget.Select((r, i) => (r.Question, IdkAnswers.All[i])));
        var (rx, ry) = TinyLanguage.Encode(retain.Select(r => (r.Question, r.Answer)));
        var batch = new UnlearnBatch(fx, fy, rx, ry, ix, iy);
        using var model = TinyLanguage.Model(0);
        using var twin = TinyLanguage.Model(0);
        var reference = TinyLanguage.Model(9);
        foreach (var p in reference.parameters()) p.requires_grad = false;

        // When: the shared loop's single update, full batches (the three forget and three retain questions).
        using var task = new LanguageTask(rows, TinyLanguage.Spec);
        using var data = new UnlearnData(fx, fy, rx, ry, rx, ry, ix, iy);
        var loss = double.NaN;
        using var context = new UnlearningContext(task, model, data, spec, new UnlearnSettings(1), 11, Seed, (_, l) => loss = l, reference);
        method.Run(context);

        // Then: the same loss and the same new weights from the independent computation.
        twin.train();
        reference.eval();
        var masks = (Forget: AnswerWords(forget.Select(r => (r.Question, r.Answer)), fy), Retain: AnswerWords(retain.Select(r => (r.Question, r.Answer)), ry));
        var expected = IndependentLoss(name, values, twin, reference, batch, masks);
        Assert.Equal(expected.ToDouble(), loss, 4);
        expected.backward();
        using (no_grad())
            foreach (var (pname, p) in twin.named_parameters())
                // RMU updates only the MLP output weights up to the steered block (open-unlearning's trainable_params_regex).
                if (p.grad is { } g && (name != "RMU" || pname == "blocks.0.down.weight")) p.add_(g, alpha: -Lr);
        var got = TinyLanguage.Flat(model);
        var want = TinyLanguage.Flat(twin);
        var start = TinyLanguage.Flat(TinyLanguage.Model(0));
        Assert.Contains(Enumerable.Range(0, got.Length), i => Math.Abs(got[i] - start[i]) > 1e-6);
        for (var i = 0; i < got.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 2e-5, $"{name}: weight {i} {got[i]} vs {want[i]}");
    }

    /// <summary>1 at the input positions that hold an answer word (bos question sep | answer words | eos), from the token counts.</summary>
    private static Tensor AnswerWords(IEnumerable<(string Question, string Answer)> pairs, Tensor targets)
    {
        var tokenizer = TinyLanguage.Tokenizer();
        var list = pairs.ToList();
        var mask = zeros(targets.shape);
        for (var n = 0; n < list.Count; n++)
        {
            var start = tokenizer.Encode(list[n].Question).Length + 2;
            var words = tokenizer.Encode(list[n].Answer).Length;
            for (var i = start; i < start + words; i++) mask[n, i] = 1;
        }
        return mask;
    }

    private static Tensor IndependentLoss(string name, IReadOnlyDictionary<string, double> o, DecoderTransformer model,
        nn.Module<Tensor, Tensor> reference, UnlearnBatch b, (Tensor Forget, Tensor Retain) answerWords)
    {
        Tensor TokenLogp(Tensor logits, Tensor targets)
        {
            var logp = logits - logits.logsumexp(-1, keepdim: true);
            var mask = targets.ne(-100).to_type(ScalarType.Float32);
            var chosen = (logp * nn.functional.one_hot(targets.clamp_min(0), logits.shape[^1]).to_type(ScalarType.Float32)).sum(dim: -1);
            return chosen * mask;
        }
        Tensor Mask(Tensor targets) => targets.ne(-100).to_type(ScalarType.Float32);
        Tensor MeanNll(DecoderTransformer m, Tensor x, Tensor y) => -TokenLogp(m.call(x), y).sum() / Mask(y).sum();
        Tensor LogSigmoid(Tensor z) => -(1 + (-z).exp()).log();
        var forgetNll = MeanNll(model, b.ForgetX, b.ForgetY);
        switch (name)
        {
            case "GA":
                return -forgetNll;
            case "GD":
                return -o["gamma"] * forgetNll + o["alpha"] * MeanNll(model, b.RetainX, b.RetainY);
            case "KL":
            {
                var refLogp = nn.functional.log_softmax(reference.call(b.RetainX), -1);
                var logits = model.call(b.RetainX);
                var logp = logits - logits.logsumexp(-1, keepdim: true);
                // open-unlearning: kl_div(current, ref, reduction="batchmean", log_target=True) on logits.view(-1, V):
                // the sum over every position (none masked) divided by B·T.
                var kl = (refLogp.exp() * (refLogp - logp)).sum(dim: -1);
                return -o["gamma"] * forgetNll + o["alpha"] * kl.sum() / (b.RetainX.shape[0] * b.RetainX.shape[1]);
            }
            case "IdkPO":
                return o["gamma"] * MeanNll(model, b.IdkInputs, b.IdkTargets) + o["alpha"] * MeanNll(model, b.RetainX, b.RetainY);
            case "NPO":
            {
                var beta = o["beta"];
                var current = TokenLogp(model.call(b.ForgetX), b.ForgetY).sum(dim: 1);
                var referenceLogp = TokenLogp(reference.call(b.ForgetX), b.ForgetY).sum(dim: 1).detach();
                var forget = -(2 / beta) * LogSigmoid(-beta * (current - referenceLogp)).mean();
                return o["gamma"] * forget + o["alpha"] * MeanNll(model, b.RetainX, b.RetainY);
            }
            case "SimNPO":
            {
                var beta = o["beta"];
                var nll = -TokenLogp(model.call(b.ForgetX), b.ForgetY).sum(dim: 1);
                var length = Mask(b.ForgetY).sum(dim: 1);
                // open-unlearning simnpo.py: forget_loss = nll / mask.sum(-1) − δ; −logsigmoid(β·forget_loss).mean()·2/β
                var forget = -(2 / beta) * LogSigmoid(beta * (nll / length - o["delta"])).mean();
                return o["gamma"] * forget + o["alpha"] * MeanNll(model, b.RetainX, b.RetainY);
            }
            case "RMU":
            {
                Tensor Hidden(DecoderTransformer m, Tensor x)
                {
                    var w = m.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                    var h = w["tokens.weight"].index_select(0, x.flatten()).view(x.shape[0], x.shape[1], -1) + w["positions.weight"].narrow(0, 0, x.shape[1]);
                    return m.Blocks[0].call(h);
                }
                using var generator = new Generator(Seed);
                var u = rand(TinyLanguage.Spec.DModel, generator: generator);
                u /= u.norm();
                // open-unlearning's compute_activation_loss: mean over hidden units, summed over the answer positions of
                // each sequence and divided by their count, then the mean over sequences.
                Tensor PerSequence(Tensor diff, Tensor mask) =>
                    ((diff.pow(2).sum(dim: -1) / TinyLanguage.Spec.DModel) * mask).sum(dim: 1).div(mask.sum(dim: 1)).mean();
                var forget = PerSequence(Hidden(model, b.ForgetX) - o["steering"] * u, answerWords.Forget);
                Tensor referenceHidden;
                using (no_grad()) referenceHidden = Hidden((DecoderTransformer)reference, b.RetainX);
                var retain = PerSequence(Hidden(model, b.RetainX) - referenceHidden, answerWords.Retain);
                return o["gamma"] * forget + o["alpha"] * retain;
            }
            default:
                throw new ArgumentException(name);
        }
    }

    [Fact]
    public void Registry_Should_Hold_The_Papers_Six_Methods_And_SimNpo_For_Language_Tasks()
    {
        Assert.Equal(["GA", "GD", "KL", "IdkPO", "NPO", "SimNPO", "RMU"], MethodRegistry.NamesFor(TaskKind.Language));
    }

    [Fact]
    public void Registry_Should_Hold_The_Ten_Classifier_Methods_For_Modular_And_Image_Tasks()
    {
        string[] classifier = ["FT", "GA", "NegGradPlus", "RL", "L1Sparse", "SSD", "SalUn", "BadTeacher", "SCRUB", "Fisher"];
        Assert.Equal(classifier, MethodRegistry.NamesFor(TaskKind.Modular));
        Assert.Equal(classifier, MethodRegistry.NamesFor(TaskKind.Image));
    }
}
