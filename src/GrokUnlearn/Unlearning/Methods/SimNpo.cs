using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// SimNPO (Fan et al. 2024), reference-free and length-normalised, as open-unlearning's simnpo.py computes it:
/// L_f = −(2/β)·mean over sequences of log σ(β·(NLL_sum/|y| − δ)) (δ inside the β product); L = γ·L_f + α·NLL_retain.
/// </summary>
public sealed class SimNpo : GradientMethod
{
    public override string Name => "SimNPO";
    public override string Description => "reference-free, length-normalised NPO, plus retain NLL";
    public override IReadOnlyList<MethodOption> Options =>
    [
        new("beta", 4.5, 1e-6, 100, "inverse temperature β"), new("delta", 0, -100, 100, "reward margin δ"),
        new("gamma", 0.125, 0, 100, "weight of the forget loss"), new("alpha", 1, 0, 100, "weight of the retain NLL"),
    ];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var beta = c.Spec.Option("beta");
        var nll = -SequenceLosses.SequenceLogProb(c.Model.call(b.ForgetX), b.ForgetY);
        var normalised = nll / SequenceLosses.AnswerLength(b.ForgetY);
        var forget = nn.functional.logsigmoid(beta * (normalised - c.Spec.Option("delta"))).mean() * (-2 / beta);
        return c.Spec.Option("gamma") * forget + c.Spec.Option("alpha") * SequenceLosses.Nll(c.Model, b.RetainX, b.RetainY);
    }
}
