using GrokUnlearn.Language;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>The answer-token quantities the language methods are built from (question and padding targets are −100).</summary>
public static class SequenceLosses
{
    /// <summary>Mean next-token NLL over every answer token of the batch (open-unlearning's token-level loss).</summary>
    public static Tensor Nll(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets) =>
        nn.functional.cross_entropy(model.call(inputs).flatten(0, 1), targets.flatten(), ignore_index: SequenceBatch.Ignore);

    /// <summary>Per sequence: Σ over answer tokens of log π(token) — ℓ(y|x) of NPO.</summary>
    public static Tensor SequenceLogProb(Tensor logits, Tensor targets)
    {
        var mask = targets.ne(SequenceBatch.Ignore);
        var logp = nn.functional.log_softmax(logits, -1).gather(-1, targets.clamp_min(0).unsqueeze(-1)).squeeze(-1);
        return logp.mul(mask.to_type(logp.dtype)).sum(dim: 1);
    }

    /// <summary>Per sequence: the number of answer tokens |y|.</summary>
    public static Tensor AnswerLength(Tensor targets) => targets.ne(SequenceBatch.Ignore).sum(dim: 1).to_type(ScalarType.Float32);

    /// <summary>
    /// KL(reference ‖ model) as open-unlearning's compute_kl_divergence takes it: kl_div(log p_model, log p_ref,
    /// reduction "batchmean", log_target) over the flattened logits, i.e. Σ p_ref·(log p_ref − log p_model) averaged over
    /// every position of the batch — question, answer and padding alike (it masks nothing).
    /// </summary>
    public static Tensor KlToReference(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> reference, Tensor inputs)
    {
        Tensor refLogp;
        using (no_grad()) refLogp = nn.functional.log_softmax(reference.call(inputs), -1);
        var logp = nn.functional.log_softmax(model.call(inputs), -1);
        return refLogp.exp().mul(refLogp - logp).sum(dim: -1).mean();
    }
}
