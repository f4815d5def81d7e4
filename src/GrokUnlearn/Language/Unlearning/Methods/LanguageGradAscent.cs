using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>GA (Jang et al. 2022; TOFU): L = −NLL(forget answers).</summary>
public sealed class LanguageGradAscent : ILanguageUnlearningMethod
{
    public string Name => "GA";
    public string Description => "gradient ascent on the forget answers' NLL";
    public IReadOnlyList<MethodOption> Options => [];
    public bool NeedsReference => false;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b) => -LanguageLosses.Nll(c.Model, b.ForgetInputs, b.ForgetTargets);
}
