using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Training.Optimizers;

/// <summary>
/// TorchSharp's SGD with momentum and L2 weight decay, updating the whole model at once over <see cref="FlatParameters"/>
/// buffers: d = g + λθ, b ← μb + (1 − dampening)·d (b = d at the first step), θ ← θ − lr·b — TorchSharp's operations in
/// its order, elementwise, so the same numbers. The momentum buffers stay in TorchSharp's per-parameter state objects (as
/// views), and the type keeps the name <c>SGD</c>, which TorchSharp's state file records: state files stay as they were.
/// TorchSharp's own loop takes any step this cannot take as a whole (see <see cref="AdamW"/>; also nesterov).
/// </summary>
public sealed class SGD : TorchSharp.Modules.SGD
{
    private FlatParameters? _layout;
    private Tensor? _momentum;
    private Tensor[] _momentumViews = [];
    private State[] _states = [];
    private bool _unfusable;

    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double weightDecay = 0)
        : base(parameters, lr, momentum, dampening: 0, weight_decay: weightDecay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => closure is null && TryStep() ? null! : base.step(closure);

    public override void zero_grad()
    {
        if (_layout is not null) _layout.ZeroGradients();
        else base.zero_grad();
    }

    private bool TryStep()
    {
        if (_unfusable || _parameter_groups.Count != 1) return false;
        var group = _parameter_groups[0];
        var o = (Options)group.Options;
        if (o.nesterov == true || o.maximize == true) return false;
        if (_layout is null && !TryBuild(group)) return false;
        if (!_layout!.TryAttach()) return false;
        var (lr, momentum, dampening, weightDecay) = (o.LearningRate!.Value, o.momentum!.Value, o.dampening!.Value, o.weight_decay!.Value);
        // Momentum buffers all absent (first step) or all present; a mix (a gradient skipped earlier) is TorchSharp's loop's.
        var present = _states.Count(s => s.momentum_buffer is not null);
        if (momentum != 0 && present != 0 && present != _states.Length) return false;

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var theta = _layout.Values;
        var d = _layout.Gradients;
        if (weightDecay != 0)
        {
            using var decay = weightDecay.ToScalar();
            d = d.add(theta, decay);
        }
        if (momentum != 0)
        {
            if (present == 0)
            {
                _momentum?.Dispose();
                _momentum = d.clone().DetachFromDisposeScope();
                _momentumViews = _layout.Views(_momentum);
                for (var i = 0; i < _states.Length; i++) _states[i].momentum_buffer = _momentumViews[i];
            }
            else
            {
                ReattachMomentum();
                using var mu = momentum.ToScalar();
                using var keep = (1.0 - dampening).ToScalar();
                _momentum!.mul_(mu).add_(d, keep);
            }
            d = _momentum!;
        }
        using var stepSize = (0.0 - lr).ToScalar();
        theta.add_(d, stepSize);
        return true;
    }

    private bool TryBuild(TorchSharp.Modules.ParamGroup group)
    {
        var parameters = group.Parameters.ToList();
        if (!parameters.Any(FlatParameters.HasGradient)) return false;   // before any backward pass: nothing to lay out yet
        var layout = FlatParameters.TryCreate(parameters);
        if (layout is null)
        {
            _unfusable = true;
            return false;
        }
        _layout = layout;
        _states = layout.Parameters.Select(p => (State)_state[p.Handle]).ToArray();
        return true;
    }

    /// <summary>
    /// Momentum buffers that are not views of the flat buffer (loaded from a resume point before the first step, or
    /// replaced by loading a state dictionary later) are copied into it.
    /// </summary>
    private void ReattachMomentum()
    {
        if (_momentum is null)
        {
            _momentum = _layout!.NewBuffer();
            _momentumViews = new Tensor[_states.Length];
        }
        for (var i = 0; i < _states.Length; i++)
        {
            _momentumViews[i] = _layout!.Reattach(_momentum, i, _states[i].momentum_buffer, _momentumViews[i]);
            _states[i].momentum_buffer = _momentumViews[i];
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _momentum?.Dispose();
        _layout?.Dispose();
    }
}
