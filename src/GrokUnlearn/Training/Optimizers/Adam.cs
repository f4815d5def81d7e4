using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Training.Optimizers;

/// <summary>
/// Adam with L2 weight decay added to the gradient (PyTorch's Adam), over flat buffers like <see cref="AdamW"/>; named
/// <c>Adam</c> for the same reason (TorchSharp's state file records the type name).
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam
{
    private readonly FusedAdam _fused;

    public Adam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0)
        : base(parameters, lr, beta1, beta2, eps, weightDecay) =>
        _fused = new FusedAdam(decoupled: false);

    public override Tensor step(Func<Tensor>? closure = null) =>
        closure is null && _fused.TryStep(_parameter_groups, _state) ? null! : base.step(closure);

    public override void zero_grad() => _fused.ZeroGradients(base.zero_grad);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _fused.Dispose();
    }
}
