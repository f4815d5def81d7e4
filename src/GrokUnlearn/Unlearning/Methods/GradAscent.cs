using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// GA: maximise the loss on the forget set (minimise its negative); no retain term. For a language model the loss is the
/// answer tokens' NLL (Jang et al. 2022; TOFU's GA).
/// </summary>
public sealed class GradAscent : GradientMethod
{
    public override string Name => "GA";
    public override string Description => "gradient ascent on the forget set";
    public override IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.All;

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) => -c.Loss(b.ForgetX, b.ForgetY);
}
