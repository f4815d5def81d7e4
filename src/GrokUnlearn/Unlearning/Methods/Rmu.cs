using GrokUnlearn.Language;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// RMU (Li et al. 2024, WMDP) as open-unlearning's rmu.py runs it. A forward hook reads the hidden states h^ℓ after
/// block ℓ. Forget: (h_θ(x_f) − c·u)², u a fixed random direction (uniform [0,1) entries, normalised, drawn once per run
/// from the seed); retain: (h_θ(x_r) − h_ref(x_r))². Each is averaged as compute_activation_loss does: mean over hidden
/// units, summed over the positions whose token is an answer token (open-unlearning's labels ≠ −100, unshifted; here
/// without the eos, which is not an input), divided by that count per sequence, then averaged over sequences. L = γ·L_f + α·L_r. Only the MLP output weights of block ℓ and the blocks before it
/// (<c>trainable_blocks</c> in all; open-unlearning: layers 5–7 for layer 7) are updated.
/// </summary>
public sealed class Rmu : GradientMethod
{
    public override string Name => "RMU";
    public override string Description => "steer layer-ℓ hidden states of forget answers to a random direction, keep retain states; updates the MLP output weights up to layer ℓ";
    public override IReadOnlyList<MethodOption> Options =>
    [
        new("layer", 0, 0, 1000, "block whose output is steered (0 = first)"), new("steering", 2, 0, 1000, "steering coefficient c"),
        new("gamma", 1, 0, 100, "weight of the forget loss"), new("alpha", 1, 0, 100, "weight of the retain loss"),
        new("trainable_blocks", 3, 1, 1000, "MLP output weights updated: block ℓ and the blocks before it, this many in all"),
    ];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    /// <summary>The parameter names RMU updates: blocks.{i}.down.weight for i = max(0, ℓ − n + 1) … ℓ.</summary>
    public static IReadOnlyList<string> TrainableNames(int layer, int blocks) =>
        Enumerable.Range(Math.Max(0, layer - blocks + 1), Math.Min(layer + 1, blocks)).Select(i => $"blocks.{i}.down.weight").ToList();

    protected override IEnumerable<TorchSharp.Modules.Parameter> Trainable(UnlearningContext c)
    {
        var names = TrainableNames((int)c.Spec.Option("layer"), (int)c.Spec.Option("trainable_blocks")).ToHashSet();
        var chosen = c.Model.named_parameters().Where(p => names.Contains(p.name)).Select(p => p.parameter).ToList();
        return chosen.Count == names.Count
            ? chosen
            : throw new ArgumentException($"RMU expected parameters {string.Join(", ", names)}; the model has {chosen.Count} of them.");
    }

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var layer = (int)c.Spec.Option("layer");
        var model = (DecoderTransformer)c.Model;
        if (layer >= model.Blocks.Count)
            throw new ArgumentException($"RMU layer {layer} does not exist; the model has blocks 0 … {model.Blocks.Count - 1}.");
        if (!c.State.TryGetValue("u", out var u))
        {
            using var generator = new Generator((ulong)c.Seed);
            var width = model.Blocks[layer].parameters().First().shape[0];
            u = rand(width, generator: generator).to(b.ForgetX.device);
            c.State["u"] = u = (u / u.norm()).DetachFromDisposeScope();
        }
        var forgetHidden = Hidden(model, layer, b.ForgetX);
        var retainHidden = Hidden(model, layer, b.RetainX);
        Tensor referenceHidden;
        using (no_grad()) referenceHidden = Hidden((DecoderTransformer)c.Original, layer, b.RetainX);
        var forget = SequenceMeanSquare(forgetHidden - u * c.Spec.Option("steering"), b.ForgetY);
        var retain = SequenceMeanSquare(retainHidden - referenceHidden, b.RetainY);
        return c.Spec.Option("gamma") * forget + c.Spec.Option("alpha") * retain;
    }

    /// <summary>Block <paramref name="layer"/>'s output, captured by a forward hook during a normal forward pass.</summary>
    public static Tensor Hidden(DecoderTransformer model, int layer, Tensor inputs)
    {
        Tensor? captured = null;
        var handle = model.Blocks[layer].register_forward_hook((_, _, output) =>
        {
            captured = output;
            return output;
        });
        try
        {
            model.call(inputs);
        }
        finally
        {
            handle.remove();
        }
        return captured ?? throw new InvalidOperationException($"the forward hook on block {layer} did not run.");
    }

    /// <summary>
    /// open-unlearning's compute_activation_loss: per sequence, x² averaged over hidden units, summed over the answer-token
    /// positions and divided by their count; then the mean over sequences. Inputs here end before the eos (targets are
    /// the next tokens), so an input position holds an answer token when the position before it predicts one and it
    /// predicts one itself: the answer's words, without the eos position open-unlearning also counts.
    /// </summary>
    public static Tensor SequenceMeanSquare(Tensor x, Tensor targets)
    {
        var predicts = targets.ne(SequenceBatch.Ignore).to_type(x.dtype);
        var mask = nn.functional.pad(predicts, [1, 0]).narrow(1, 0, predicts.shape[1]).mul(predicts);
        var perSequence = x.pow(2).mean([-1]).mul(mask).sum(dim: 1) / mask.sum(dim: 1).clamp_min(1);
        return perSequence.mean();
    }
}
