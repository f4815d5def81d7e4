using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// SalUn (Fan et al. 2024): a weight-saliency mask m from |∇θ(−CE on the whole forget set)| (model in eval mode; in chunks for a large set), keeping the
/// top <c>mask_fraction</c> of entries across all tensors; then random-label training (as <see cref="RandomLabels"/>)
/// with gradients multiplied by m. After every optimizer step the masked-out weights are restored to the starting
/// checkpoint, because weight decay and momentum would otherwise move them (the fix of SalUn issue #32).
/// </summary>
public sealed class SalUn : GradientMethod
{
    private List<Tensor> _masks = [];

    public override string Name => "SalUn";
    public override string Description => "random labels with updates restricted to the most forget-salient weights";

    public override IReadOnlyList<MethodOption> Options =>
        [new("mask_fraction", 0.5, 0, 1, "fraction of weights (by forget-gradient magnitude, over all tensors) that may change")];

    protected override void Prepare(UnlearningContext c) => _masks = SaliencyMasks(c, c.Spec.Option("mask_fraction"));

    /// <summary>1 where |∂(−CE_forget)/∂θ| is among the top fraction of all entries (ties at the threshold included), else 0.</summary>
    public static List<Tensor> SaliencyMasks(UnlearningContext c, double fraction)
    {
        var parameters = c.Model.parameters().ToList();
        c.Model.eval();
        c.Model.zero_grad();
        c.BackwardInChunks(c.Data.ForgetX, c.Data.ForgetY, -1);
        using var _ = no_grad();
        var magnitudes = parameters.Select(p => p.grad!.abs().detach().clone()).ToList();
        c.Model.zero_grad();
        var all = cat(magnitudes.Select(m => m.flatten()).ToArray());
        var keep = (long)Math.Round(fraction * all.shape[0]);
        if (keep == 0) return magnitudes.Select(m => zeros_like(m).DetachFromDisposeScope()).ToList();
        var threshold = all.sort(descending: true).Values[keep - 1];
        return magnitudes.Select(m => (m >= threshold).to_type(m.dtype).DetachFromDisposeScope()).ToList();
    }

    protected override Tensor Loss(UnlearningContext c, UnlearnBatch b, int step) => RandomLabels.RandomLabelLoss(c, b);

    protected override void AfterBackward(UnlearningContext c)
    {
        using var _ = no_grad();
        foreach (var (p, m) in c.Model.parameters().Zip(_masks)) p.grad!.mul_(m);
    }

    protected override void AfterStep(UnlearningContext c, TorchSharp.torch.optim.Optimizer optimizer)
    {
        using var _ = no_grad();
        foreach (var ((p, m), o) in c.Model.parameters().Zip(_masks).Zip(c.Original.parameters()))
            p.copy_(where(m.to_type(ScalarType.Bool), p, o));
    }
}
