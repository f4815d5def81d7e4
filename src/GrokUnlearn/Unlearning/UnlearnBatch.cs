using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// One update's data: a forget batch, a retain batch and, for language tasks, the forget questions answered with a
/// refusal (IdkPO's targets, row for row with the forget batch). Full-batch settings hand out the whole sets.
/// </summary>
public sealed record UnlearnBatch(Tensor ForgetX, Tensor ForgetY, Tensor RetainX, Tensor RetainY, Tensor? IdkX = null, Tensor? IdkY = null)
{
    public Tensor IdkInputs => IdkX ?? throw new InvalidOperationException("this task has no refusal answers (IdkPO is a language method).");
    public Tensor IdkTargets => IdkY ?? throw new InvalidOperationException("this task has no refusal answers (IdkPO is a language method).");
}
