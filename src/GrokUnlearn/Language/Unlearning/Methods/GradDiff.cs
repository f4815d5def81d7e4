using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>GD, gradient difference (Liu et al. 2022; TOFU): L = γ·(−NLL_forget) + α·NLL_retain.</summary>
public sealed class GradDiff : ILanguageUnlearningMethod
{
    public string Name => "GD";
    public string Description => "ascent on the forget answers plus descent on retain answers";
    public IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the forget ascent"), new("alpha", 1, 0, 100, "weight of the retain NLL")];
    public bool NeedsReference => false;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b) =>
        -c.Spec.Option("gamma") * LanguageLosses.Nll(c.Model, b.ForgetInputs, b.ForgetTargets)
        + c.Spec.Option("alpha") * LanguageLosses.Nll(c.Model, b.RetainInputs, b.RetainTargets);
}
