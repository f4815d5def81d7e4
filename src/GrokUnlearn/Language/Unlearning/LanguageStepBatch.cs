using static TorchSharp.torch;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>
/// One unlearning step's inputs and answer-token targets: the whole forget set, the same questions answered "I don't
/// know" (IdkPO), and as many retain questions drawn for this step (open-unlearning pairs each forget item with one
/// uniformly drawn retain item).
/// </summary>
public sealed record LanguageStepBatch(Tensor ForgetInputs, Tensor ForgetTargets, Tensor IdkInputs, Tensor IdkTargets,
    Tensor RetainInputs, Tensor RetainTargets);
