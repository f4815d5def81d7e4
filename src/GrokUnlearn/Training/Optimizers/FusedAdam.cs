using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GrokUnlearn.Training.Optimizers;

/// <summary>
/// The whole-model Adam / AdamW update behind <see cref="AdamW"/> and <see cref="Adam"/>. Per step, with g the gradient
/// buffer (plus λθ for Adam's L2 decay), t the step and bias corrections c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ:
/// θ ← θ·(1 − lr·λ) (AdamW), m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − (lr/c₁)·m / (√v/√c₂ + ε) — TorchSharp's
/// operations, in its order, on the flat buffers. The moments stay in TorchSharp's per-parameter state objects (as views),
/// so its state files are written and read as before.
/// </summary>
internal sealed class FusedAdam(bool decoupled) : IDisposable
{
    private Tensor? _expAvg, _expAvgSq;
    private Tensor[] _expAvgViews = [], _expAvgSqViews = [];
    private OptimizerState[] _states = [];
    private Scalar? _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps, _weightDecay;
    private (double Beta1, double Beta2, double Eps, double WeightDecay) _cached = (double.NaN, double.NaN, double.NaN, double.NaN);
    private bool _unfusable;

    /// <summary>The flat layout, once a step has built it.</summary>
    public FlatParameters? Layout { get; private set; }

    /// <summary>zero_grad: the gradient buffer once the layout exists, else <paramref name="beforeLayout"/> (TorchSharp's).</summary>
    public void ZeroGradients(Action beforeLayout)
    {
        if (Layout is { } layout) layout.ZeroGradients();
        else beforeLayout();
    }

    /// <summary>Takes the step over the whole model; false (nothing changed) where TorchSharp's own loop must take it.</summary>
    public bool TryStep(IList<ParamGroup> groups, OrderedDict<nint, OptimizerState> state)
    {
        if (_unfusable || groups.Count != 1) return false;
        var group = groups[0];
        var (lr, beta1, beta2, eps, weightDecay, plain) = Settings(group.Options);
        if (!plain) return false;
        if (Layout is null && !TryBuild(group, state)) return false;
        if (!Layout!.TryAttach()) return false;

        // Every parameter at the same step count (a step taken by TorchSharp's loop with some gradients missing breaks that).
        var step = StepOf(_states[0]);
        for (var i = 0; i < _states.Length; i++)
        {
            if (StepOf(_states[i]) != step) return false;
            ReattachMoments(i);
        }
        step++;
        foreach (var s in _states) SetStep(s, step);

        CacheScalars(beta1, beta2, eps, weightDecay);
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var theta = Layout.Values;
        var g = Layout.Gradients;
        if (decoupled)
        {
            using var shrink = (1 - lr * weightDecay).ToScalar();
            theta.mul_(shrink);
        }
        else if (weightDecay != 0)
            g = g.add(theta, _weightDecay!);
        _expAvg!.mul_(_beta1!).add_(g, _oneMinusBeta1!);
        _expAvgSq!.mul_(_beta2!).addcmul_(g, g, _oneMinusBeta2!);
        using var rootC2 = Math.Sqrt(biasCorrection2).ToScalar();
        var denominator = _expAvgSq.sqrt().div_(rootC2).add_(_eps!);
        using var stepSize = (0.0 - lr / biasCorrection1).ToScalar();
        theta.addcdiv_(_expAvg, denominator, stepSize);
        return true;
    }

    private bool TryBuild(ParamGroup group, OrderedDict<nint, OptimizerState> state)
    {
        var parameters = group.Parameters.ToList();
        if (!parameters.Any(FlatParameters.HasGradient)) return false;   // before any backward pass: nothing to lay out yet
        if (parameters.Any(p => MaxOf(state[p.Handle]) is not null) || FlatParameters.TryCreate(parameters) is not { } layout)
        {
            _unfusable = true;
            return false;
        }
        Layout = layout;
        _states = layout.Parameters.Select(p => state[p.Handle]).ToArray();
        _expAvg = layout.NewBuffer();
        _expAvgSq = layout.NewBuffer();
        _expAvgViews = layout.Adopt(_expAvg, _states.Select(s => Moments(s).Avg).ToList());
        _expAvgSqViews = layout.Adopt(_expAvgSq, _states.Select(s => Moments(s).Sq).ToList());
        for (var i = 0; i < _states.Length; i++) SetMoments(_states[i], _expAvgViews[i], _expAvgSqViews[i]);
        return true;
    }

    /// <summary>A moment tensor that loading a state dictionary replaced is copied back into its view of the buffer.</summary>
    private void ReattachMoments(int i)
    {
        var (avg, sq) = Moments(_states[i]);
        _expAvgViews[i] = Layout!.Reattach(_expAvg!, i, avg, _expAvgViews[i]);
        _expAvgSqViews[i] = Layout.Reattach(_expAvgSq!, i, sq, _expAvgSqViews[i]);
        SetMoments(_states[i], _expAvgViews[i], _expAvgSqViews[i]);
    }

    private void CacheScalars(double beta1, double beta2, double eps, double weightDecay)
    {
        if (_cached == (beta1, beta2, eps, weightDecay)) return;
        DisposeScalars();
        (_beta1, _oneMinusBeta1) = (beta1.ToScalar(), (1 - beta1).ToScalar());
        (_beta2, _oneMinusBeta2) = (beta2.ToScalar(), (1 - beta2).ToScalar());
        (_eps, _weightDecay) = (eps.ToScalar(), weightDecay.ToScalar());
        _cached = (beta1, beta2, eps, weightDecay);
    }

    private void DisposeScalars()
    {
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps, _weightDecay }) s?.Dispose();
    }

    /// <summary>The group's settings; plain is false for the variants only TorchSharp's loop implements (amsgrad, maximize).</summary>
    private static (double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Plain) Settings(OptimizerOptions options) =>
        options switch
        {
            TorchSharp.Modules.AdamW.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value,
                o.weight_decay!.Value, o.amsgrad != true && o.maximize != true),
            TorchSharp.Modules.Adam.Options o => (o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value,
                o.weight_decay!.Value, o.amsgrad != true && o.maximize != true),
            _ => (0, 0, 0, 0, 0, false),
        };

    private static long StepOf(OptimizerState s) => s switch
    {
        TorchSharp.Modules.AdamW.State w => w.step,
        TorchSharp.Modules.Adam.State a => a.step,
        _ => throw new InvalidOperationException($"not an Adam state: {s.GetType()}"),
    };

    private static void SetStep(OptimizerState s, long step)
    {
        if (s is TorchSharp.Modules.AdamW.State w) w.step = step;
        else ((TorchSharp.Modules.Adam.State)s).step = step;
    }

    private static (Tensor Avg, Tensor Sq) Moments(OptimizerState s) => s switch
    {
        TorchSharp.Modules.AdamW.State w => (w.exp_avg, w.exp_avg_sq),
        TorchSharp.Modules.Adam.State a => (a.exp_avg, a.exp_avg_sq),
        _ => throw new InvalidOperationException($"not an Adam state: {s.GetType()}"),
    };

    private static Tensor? MaxOf(OptimizerState s) => s switch
    {
        TorchSharp.Modules.AdamW.State w => w.max_exp_avg_sq,
        TorchSharp.Modules.Adam.State a => a.max_exp_avg_sq,
        _ => null,
    };

    private static void SetMoments(OptimizerState s, Tensor avg, Tensor sq)
    {
        if (s is TorchSharp.Modules.AdamW.State w) (w.exp_avg, w.exp_avg_sq) = (avg, sq);
        else if (s is TorchSharp.Modules.Adam.State a) (a.exp_avg, a.exp_avg_sq) = (avg, sq);
    }

    public void Dispose()
    {
        DisposeScalars();
        _expAvg?.Dispose();
        _expAvgSq?.Dispose();
        Layout?.Dispose();
    }
}
