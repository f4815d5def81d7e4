using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Training.Optimizers;

/// <summary>
/// TorchSharp's AdamW with the update over the
/// whole model at once: the parameters, gradients and both moments live in <see cref="FlatParameters"/> buffers, so a step is
/// eight tensor operations instead of eight per parameter. The same operations in the same order as TorchSharp's loop,
/// elementwise, so the numbers are the same (tested bit for bit). Named <c>AdamW</c> because TorchSharp's state file
/// records the optimizer's type name: state files and resume points stay as they were.
/// <para>
/// The first step that finds gradients builds the layout from the parameters that have one (the others stay outside).
/// Before that, and in any step it cannot take as a whole (a parameter of the layout without a gradient, one outside
/// with one, parameters at different step counts, amsgrad, maximize, a closure, several parameter groups),
/// TorchSharp's own loop runs, on the same tensors.
/// </para>
/// </summary>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    private readonly FusedAdam _fused;

    public AdamW(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0)
        : base(parameters, lr, beta1, beta2, eps, weightDecay) =>
        _fused = new FusedAdam(decoupled: true);

    public override Tensor step(Func<Tensor>? closure = null) =>
        closure is null && _fused.TryStep(_parameter_groups, _state) ? null! : base.step(closure);

    public override void zero_grad() => _fused.ZeroGradients(base.zero_grad);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _fused.Dispose();
    }
}
