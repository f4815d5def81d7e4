using GrokUnlearn.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Training.Optimizers;

/// <summary>
/// An optimizer's parameters and their gradients as views into one contiguous buffer each, so an update is a handful of
/// tensor operations over the whole model instead of several per parameter (libtorch's foreach/fused optimizers are not
/// exposed by TorchSharp). Each parameter is re-pointed into the buffer with <c>set_</c>; its gradient is set to its
/// view of the gradient buffer, where autograd then accumulates in place.
/// <para>
/// Every view starts on a 64-byte boundary, like a tensor of its own from libtorch's CPU allocator: BLAS may take other
/// code paths (and so round differently) on unaligned operands. The padding between views stays zero under every update.
/// </para>
/// <para>
/// Code outside the optimizer may replace a gradient (<c>Module.zero_grad</c> sets gradients to none, and backward then
/// creates fresh ones) or a parameter's storage; <see cref="TryAttach"/> notices that through the data pointers and
/// copies the tensor back into its view, so the buffers are never stale.
/// </para>
/// </summary>
public sealed class FlatParameters : IDisposable
{
    /// <summary>Elements per alignment unit: 64 bytes of float32.</summary>
    private const long Alignment = 16;

    private readonly Parameter[] _parameters, _outside;
    private readonly long[] _offsets;
    private readonly Tensor[] _parameterViews, _gradientViews;
    private readonly nint[] _parameterPointers, _gradientPointers;

    /// <summary>All parameters, padding included (1-D).</summary>
    public Tensor Values { get; }

    /// <summary>All gradients, padding included (1-D, same layout as <see cref="Values"/>).</summary>
    public Tensor Gradients { get; }

    /// <summary>The parameters in the layout, in the optimizer's order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    private FlatParameters(Parameter[] parameters, Parameter[] outside)
    {
        _parameters = parameters;
        _outside = outside;
        _offsets = new long[parameters.Length];
        long total = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            _offsets[i] = total;
            total += (parameters[i].numel() + Alignment - 1) / Alignment * Alignment;
        }
        var first = parameters[0];
        Values = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        Gradients = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        _parameterViews = Views(Values);
        _gradientViews = Views(Gradients);
        _parameterPointers = _parameterViews.Select(v => TensorData.Pointer(v)).ToArray();
        _gradientPointers = _gradientViews.Select(v => TensorData.Pointer(v)).ToArray();
        using var _ = no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            _parameterViews[i].copy_(parameters[i]);
            parameters[i].set_(_parameterViews[i]);
        }
    }

    /// <summary>
    /// The flat layout of those of <paramref name="parameters"/> that have a gradient now (call it after a backward pass);
    /// the others stay outside as they are, as long as they get no gradient. Null where the layout cannot hold them: none
    /// with a gradient, mixed dtypes or devices, or one that is not a dense contiguous floating-point tensor.
    /// </summary>
    public static FlatParameters? TryCreate(IReadOnlyList<Parameter> parameters)
    {
        var inside = parameters.Where(HasGradient).ToArray();
        if (inside.Length == 0) return null;
        var (dtype, device) = (inside[0].dtype, inside[0].device);
        foreach (var p in inside)
            if (p.dtype != dtype || p.device.type != device.type || p.device.index != device.index || !p.is_floating_point() ||
                !p.is_contiguous() || p.is_sparse)
                return null;
        return new FlatParameters(inside, [.. parameters.Where(p => !inside.Contains(p))]);
    }

    /// <summary>Whether <paramref name="p"/> has a gradient (one native call; the handle is freed at once).</summary>
    public static bool HasGradient(Parameter p)
    {
        using var grad = p.grad;
        return grad is not null;
    }

    /// <summary>Views of the same layout into <paramref name="flat"/> (a tensor shaped like <see cref="Values"/>), one per parameter.</summary>
    public Tensor[] Views(Tensor flat)
    {
        var views = new Tensor[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++) views[i] = View(flat, i);
        return views;
    }

    private Tensor View(Tensor flat, int i) =>
        flat.narrow(0, _offsets[i], _parameters[i].numel()).view(_parameters[i].shape).DetachFromDisposeScope();

    /// <summary>
    /// The view of <paramref name="flat"/> for parameter <paramref name="i"/> that a state field should hold, given what it
    /// holds (<paramref name="current"/>) and the view it was last given (<paramref name="known"/>): that view while the field
    /// still holds it; otherwise a fresh view (loading a state dictionary disposes or replaces the field's tensor) holding
    /// <paramref name="current"/>'s values, which are copied in unless it already points into the buffer. The replaced
    /// tensor is freed: TorchSharp's loading hands its tensors over to the state.
    /// </summary>
    public Tensor Reattach(Tensor flat, int i, Tensor current, Tensor known)
    {
        if (ReferenceEquals(current, known)) return known;
        var view = View(flat, i);
        if (TensorData.Pointer(current) != TensorData.Pointer(view))
            using (no_grad())
                view.copy_(current);
        current.Dispose();
        return view;
    }

    /// <summary>A new zero buffer of the layout (for optimizer state).</summary>
    public Tensor NewBuffer() => zeros_like(Values).DetachFromDisposeScope();

    /// <summary>
    /// Makes every parameter and gradient a view of the buffers again (copying in any that code outside replaced).
    /// False when this step's gradients do not match the layout — one inside has none (PyTorch skips that parameter) or
    /// one outside has one: the caller then updates parameter by parameter.
    /// </summary>
    public bool TryAttach()
    {
        if (_outside.Any(HasGradient)) return false;
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (TensorData.Pointer(p) != _parameterPointers[i])
            {
                _parameterViews[i].copy_(p);
                p.set_(_parameterViews[i]);
            }
            using var grad = p.grad;
            if (grad is null) return false;
            if (TensorData.Pointer(grad) != _gradientPointers[i])
            {
                _gradientViews[i].copy_(grad);
                p.grad = _gradientViews[i];
            }
        }
        return true;
    }

    /// <summary>
    /// Zeroes every gradient, as the optimizer's zero_grad does (in place; a missing gradient stays missing): the whole
    /// gradient buffer at once, and a gradient that code outside replaced is pointed back at its (now zero) view.
    /// </summary>
    public void ZeroGradients()
    {
        Gradients.zero_();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var grad = _parameters[i].grad;
            if (grad is not null && TensorData.Pointer(grad) != _gradientPointers[i]) _parameters[i].grad = _gradientViews[i];
        }
        foreach (var p in _outside)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>
    /// Replaces each tensor in <paramref name="state"/> by its view into <paramref name="flat"/>, keeping its values; the
    /// old tensors are freed. The state files stay per parameter (TorchSharp writes each state tensor on its own).
    /// </summary>
    public Tensor[] Adopt(Tensor flat, IReadOnlyList<Tensor> state)
    {
        var views = Views(flat);
        using var _ = no_grad();
        for (var i = 0; i < views.Length; i++)
        {
            views[i].copy_(state[i]);
            state[i].Dispose();
        }
        return views;
    }

    public void Dispose()
    {
        foreach (var v in _parameterViews.Concat(_gradientViews)) v.Dispose();
        Values.Dispose();
        Gradients.Dispose();
    }
}
