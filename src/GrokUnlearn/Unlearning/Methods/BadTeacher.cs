using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// Bad Teacher (Chundawat et al. 2023): the student (the model) is distilled towards an incompetent teacher — a
/// randomly initialised network of the same architecture — on the forget set, and towards the competent teacher
/// (the frozen starting checkpoint) on a random <c>retain_fraction</c> of the retain set (drawn once). Loss =
/// KL(teacher ‖ student) at temperature T, with PyTorch's default element-wise mean reduction as in the original code.
/// </summary>
public sealed class BadTeacher : LossBasedMethod
{
    private Tensor? _retainSubset;
    private Tensor? _incompetentForget;
    private Tensor? _competentRetain;

    public override string Name => "BadTeacher";
    public override string Description => "distil from a random teacher on the forget set and the original on part of the retain set";

    public override IReadOnlyList<MethodOption> Options =>
    [
        new("temperature", 1, 1e-3, 1e3, "distillation temperature T"),
        new("retain_fraction", 0.3, 0, 1, "fraction of the retain set distilled from the competent teacher"),
    ];

    protected override void Prepare(UnlearningContext c)
    {
        var n = c.Data.RetainY.shape[0];
        var count = Math.Max(1, (long)Math.Round(c.Spec.Option("retain_fraction") * n));
        _retainSubset = randperm(n, generator: c.Generator).narrow(0, 0, count).DetachFromDisposeScope();
        using var incompetent = c.NewModel();
        incompetent.eval();
        using var _ = no_grad();
        // Teachers are fixed, and full-batch inputs are fixed, so their outputs are computed once.
        _incompetentForget = incompetent.call(c.Data.ForgetX).detach().DetachFromDisposeScope();
        _competentRetain = c.Original.call(c.Data.RetainX.index_select(0, _retainSubset)).detach().DetachFromDisposeScope();
    }

    protected override Tensor Loss(UnlearningContext c, int step)
    {
        var t = c.Spec.Option("temperature");
        // One batch of forget ∪ retain subset, as the original's combined loader, so the element mean covers both.
        var student = c.Model.call(cat([c.Data.ForgetX, c.Data.RetainX.index_select(0, _retainSubset!)]));
        var teacher = cat([_incompetentForget!, _competentRetain!]);
        return Losses.KlDivergence(teacher, student, t, Losses.KlReduction.ElementMean);
    }
}
