using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>
/// IdkPO, the grokking paper's "PO" (TOFU's legacy "idk" method): learn to answer forget questions with an "I don't
/// know" string, L = γ·NLL(idk answer | forget question) + α·NLL_retain.
/// </summary>
public sealed class IdkPreference : ILanguageUnlearningMethod
{
    public string Name => "IdkPO";
    public string Description => "fine-tune forget questions towards \"I don't know\" answers, plus retain NLL";
    public IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the idk NLL"), new("alpha", 1, 0, 100, "weight of the retain NLL")];
    public bool NeedsReference => false;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b) =>
        c.Spec.Option("gamma") * LanguageLosses.Nll(c.Model, b.IdkInputs, b.IdkTargets)
        + c.Spec.Option("alpha") * LanguageLosses.Nll(c.Model, b.RetainInputs, b.RetainTargets);
}
