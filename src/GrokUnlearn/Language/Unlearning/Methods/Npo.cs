using GrokUnlearn.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>
/// NPO (Zhang et al. 2024): with ℓ = Σ answer-token log π, L_f = −(2/β)·mean log σ(−β·(ℓ_θ − ℓ_ref)) against the frozen
/// starting model; L = γ·L_f + α·NLL_retain.
/// </summary>
public sealed class Npo : ILanguageUnlearningMethod
{
    public string Name => "NPO";
    public string Description => "negative preference optimisation against the starting model, plus retain NLL";
    public IReadOnlyList<MethodOption> Options =>
    [
        new("beta", 0.1, 1e-6, 100, "inverse temperature β"), new("gamma", 1, 0, 100, "weight of the NPO forget loss"),
        new("alpha", 1, 0, 100, "weight of the retain NLL"),
    ];
    public bool NeedsReference => true;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b)
    {
        var beta = c.Spec.Option("beta");
        var current = LanguageLosses.SequenceLogProb(c.Model.call(b.ForgetInputs), b.ForgetTargets);
        Tensor reference;
        using (no_grad()) reference = LanguageLosses.SequenceLogProb(c.Reference.call(b.ForgetInputs), b.ForgetTargets);
        var forget = nn.functional.logsigmoid(-beta * (current - reference)).mean() * (-2 / beta);
        return c.Spec.Option("gamma") * forget + c.Spec.Option("alpha") * LanguageLosses.Nll(c.Model, b.RetainInputs, b.RetainTargets);
    }
}
