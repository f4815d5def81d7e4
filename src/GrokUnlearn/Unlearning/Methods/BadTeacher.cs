using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// Bad Teacher (Chundawat et al. 2023): the student (the model) is distilled towards an incompetent teacher — a
/// randomly initialised network of the same architecture — on the forget set, and towards the competent teacher
/// (the frozen starting checkpoint) on retain rows. Loss = KL(teacher ‖ student) at temperature T over one batch of both,
/// with PyTorch's default element-wise mean reduction as in the original code. With the whole retain set each update: a
/// random <c>retain_fraction</c> of it drawn once (teachers' outputs computed once when the forget set is whole too);
/// with drawn retain batches: the first round(retain_fraction × retain batch) rows of each update's batch.
/// </summary>
public sealed class BadTeacher : GradientMethod
{
    private Tensor? _retainSubset;
    private nn.Module<Tensor, Tensor>? _incompetent;
    private Tensor? _incompetentForget;
    private Tensor? _competentRetain;

    public override string Name => "BadTeacher";
    public override string Description => "distil from a random teacher on the forget set and the original on part of the retain set";

    public override IReadOnlyList<MethodOption> Options =>
    [
        new("temperature", 1, 1e-3, 1e3, "distillation temperature T"),
        new("retain_fraction", 0.3, 0, 1, "fraction of the retain set distilled from the competent teacher"),
    ];

    private static long Count(double fraction, long n) => Math.Max(1, (long)Math.Round(fraction * n));

    protected override void Prepare(UnlearningContext c)
    {
        var n = c.Data.RetainCount;
        _retainSubset = randperm(n, generator: c.Generator).narrow(0, 0, Count(c.Spec.Option("retain_fraction"), n)).to(c.Data.RetainX.device).DetachFromDisposeScope();
        _incompetent = c.NewModel();
        _incompetent.eval();
        if (!c.Batches.FullForget || c.Settings.RetainBatchSize != 0) return;
        using var _ = no_grad();
        // Full batch: teachers are fixed and so are their inputs, so their outputs are computed once.
        _incompetentForget = _incompetent.call(c.Data.ForgetX).detach().DetachFromDisposeScope();
        _competentRetain = c.Original.call(c.Data.RetainX.index_select(0, _retainSubset)).detach().DetachFromDisposeScope();
    }

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step)
    {
        var t = c.Spec.Option("temperature");
        Tensor retainX, teacher;
        if (_competentRetain is not null)
        {
            retainX = c.Data.RetainX.index_select(0, _retainSubset!);
            teacher = cat([_incompetentForget!, _competentRetain]);
        }
        else
        {
            // The whole retain set each update: the fixed random subset; a drawn retain batch: its first rows (random already).
            retainX = c.Settings.RetainBatchSize == 0
                ? c.Data.RetainX.index_select(0, _retainSubset!)
                : b.RetainX.narrow(0, 0, Count(c.Spec.Option("retain_fraction"), b.RetainX.shape[0]));
            using var _ = no_grad();
            teacher = cat([_incompetent!.call(b.ForgetX), c.Original.call(retainX)]).detach();
        }
        // One batch of forget ∪ retain rows, as the original's combined loader, so the element mean covers both.
        var student = c.Model.call(cat([b.ForgetX, retainX]));
        return Losses.KlDivergence(teacher, student, t, Losses.KlReduction.ElementMean);
    }

    protected override void Finish(UnlearningContext c)
    {
        foreach (var t in new[] { _retainSubset, _incompetentForget, _competentRetain }) t?.Dispose();
        _incompetent?.Dispose();
    }
}
