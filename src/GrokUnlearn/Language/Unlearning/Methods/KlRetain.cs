using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>KL (TOFU): L = γ·(−NLL_forget) + α·KL(reference ‖ model) on retain answer tokens.</summary>
public sealed class KlRetain : ILanguageUnlearningMethod
{
    public string Name => "KL";
    public string Description => "ascent on the forget answers, retain outputs held to the starting model by KL";
    public IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the forget ascent"), new("alpha", 1, 0, 100, "weight of the retain KL")];
    public bool NeedsReference => true;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b) =>
        -c.Spec.Option("gamma") * LanguageLosses.Nll(c.Model, b.ForgetInputs, b.ForgetTargets)
        + c.Spec.Option("alpha") * LanguageLosses.KlToReference(c.Model, c.Reference, b.RetainInputs, b.RetainTargets);
}
