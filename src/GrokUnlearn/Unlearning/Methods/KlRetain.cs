using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>KL (TOFU): L = γ·(−NLL_forget) + α·KL(reference ‖ model) on the retain batch, averaged over all its positions as open-unlearning does.</summary>
public sealed class KlRetain : GradientMethod
{
    public override string Name => "KL";
    public override string Description => "ascent on the forget answers, retain outputs held to the starting model by KL";
    public override IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the forget ascent"), new("alpha", 1, 0, 100, "weight of the retain KL")];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) =>
        -c.Spec.Option("gamma") * SequenceLosses.Nll(c.Model, b.ForgetX, b.ForgetY)
        + c.Spec.Option("alpha") * SequenceLosses.KlToReference(c.Model, c.Original, b.RetainX);
}
