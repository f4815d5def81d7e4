using GrokUnlearn.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning.Methods;

/// <summary>
/// SimNPO (Fan et al. 2024), reference-free and length-normalised: L_f = −(2/β)·mean log σ(β·NLL_sum/|y| − δ);
/// L = γ·L_f + α·NLL_retain.
/// </summary>
public sealed class SimNpo : ILanguageUnlearningMethod
{
    public string Name => "SimNPO";
    public string Description => "reference-free, length-normalised NPO, plus retain NLL";
    public IReadOnlyList<MethodOption> Options =>
    [
        new("beta", 4.5, 1e-6, 100, "inverse temperature β"), new("delta", 0, -100, 100, "reward margin δ"),
        new("gamma", 0.125, 0, 100, "weight of the forget loss"), new("alpha", 1, 0, 100, "weight of the retain NLL"),
    ];
    public bool NeedsReference => false;

    public Tensor Loss(LanguageUnlearningContext c, LanguageStepBatch b)
    {
        var beta = c.Spec.Option("beta");
        var nll = -LanguageLosses.SequenceLogProb(c.Model.call(b.ForgetInputs), b.ForgetTargets);
        var normalised = nll / LanguageLosses.AnswerLength(b.ForgetTargets);
        var forget = nn.functional.logsigmoid(beta * normalised - c.Spec.Option("delta")).mean() * (-2 / beta);
        return c.Spec.Option("gamma") * forget + c.Spec.Option("alpha") * LanguageLosses.Nll(c.Model, b.RetainInputs, b.RetainTargets);
    }
}
