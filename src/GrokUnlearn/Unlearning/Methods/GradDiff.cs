using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>GD, gradient difference (Liu et al. 2022; TOFU): L = γ·(−NLL_forget) + α·NLL_retain.</summary>
public sealed class GradDiff : GradientMethod
{
    public override string Name => "GD";
    public override string Description => "ascent on the forget answers plus descent on retain answers";
    public override IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the forget ascent"), new("alpha", 1, 0, 100, "weight of the retain NLL")];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) =>
        -c.Spec.Option("gamma") * SequenceLosses.Nll(c.Model, b.ForgetX, b.ForgetY)
        + c.Spec.Option("alpha") * SequenceLosses.Nll(c.Model, b.RetainX, b.RetainY);
}
