using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// IdkPO, the grokking paper's "PO" (TOFU's legacy "idk" method): learn to answer forget questions with an "I don't
/// know" string, L = γ·NLL(idk answer | forget question) + α·NLL_retain.
/// </summary>
public sealed class IdkPreference : GradientMethod
{
    public override string Name => "IdkPO";
    public override string Description => "fine-tune forget questions towards \"I don't know\" answers, plus retain NLL";
    public override IReadOnlyList<MethodOption> Options =>
        [new("gamma", 1, 0, 100, "weight of the idk NLL"), new("alpha", 1, 0, 100, "weight of the retain NLL")];
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.LanguageOnly;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) =>
        c.Spec.Option("gamma") * SequenceLosses.Nll(c.Model, b.IdkInputs, b.IdkTargets)
        + c.Spec.Option("alpha") * SequenceLosses.Nll(c.Model, b.RetainX, b.RetainY);
}
