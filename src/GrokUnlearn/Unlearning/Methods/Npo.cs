using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// NPO (Zhang et al. 2024): with ℓ = Σ answer-token log π, L_f = −(2/β)·mean log σ(−β·(ℓ_θ − ℓ_ref)) against the frozen
/// starting model; L = γ·L_f + α·NLL_retain.
/// </summary>
public sealed class Npo : GradientMethod
{
    public override string Name => "NPO";
    public override string Description => "negative preference optimisation against the starting model, plus retain NLL";
    public override IReadOnlyList<MethodOption> Options =>
    [
        new("beta", 0.1, 1e-6, 100, "inverse temperature β"), new("gamma", 1, 0, 100, "weight of the NPO forget loss"),
        new("alpha", 1, 0, 100, "weight of the retain NLL"),
    ];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var beta = c.Spec.Option("beta");
        var current = SequenceLosses.SequenceLogProb(c.Model.call(b.ForgetX), b.ForgetY);
        Tensor reference;
        using (no_grad()) reference = SequenceLosses.SequenceLogProb(c.Original.call(b.ForgetX), b.ForgetY);
        var forget = nn.functional.logsigmoid(-beta * (current - reference)).mean() * (-2 / beta);
        return c.Spec.Option("gamma") * forget + c.Spec.Option("alpha") * SequenceLosses.Nll(c.Model, b.RetainX, b.RetainY);
    }
}
