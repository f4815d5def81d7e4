using GrokUnlearn.Language;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// RMU (Li et al. 2024, WMDP): a forward hook reads the hidden states h^ℓ after block ℓ. Forget: mean over answer
/// positions and hidden units of (h_θ(x_f) − c·u)², u a fixed random direction (uniform [0,1) entries, normalised,
/// drawn once per run from the seed); retain: the same mean of (h_θ(x_r) − h_ref(x_r))². L = γ·L_f + α·L_r.
/// </summary>
public sealed class Rmu : GradientMethod
{
    public override string Name => "RMU";
    public override string Description => "steer layer-ℓ hidden states of forget answers to a random direction, keep retain states";
    public override IReadOnlyList<MethodOption> Options =>
    [
        new("layer", 0, 0, 1000, "block whose output is steered (0 = first)"), new("steering", 2, 0, 1000, "steering coefficient c"),
        new("gamma", 1, 0, 100, "weight of the forget loss"), new("alpha", 1, 0, 100, "weight of the retain loss"),
    ];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

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
        var forget = MaskedMeanSquare(forgetHidden - u * c.Spec.Option("steering"), b.ForgetY);
        var retain = MaskedMeanSquare(retainHidden - referenceHidden, b.RetainY);
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

    /// <summary>Mean over answer positions (targets ≠ −100) and hidden units of x².</summary>
    public static Tensor MaskedMeanSquare(Tensor x, Tensor targets)
    {
        var mask = targets.ne(SequenceBatch.Ignore).to_type(x.dtype).unsqueeze(-1);
        return x.pow(2).mul(mask).sum() / (mask.sum() * x.shape[^1]);
    }
}
