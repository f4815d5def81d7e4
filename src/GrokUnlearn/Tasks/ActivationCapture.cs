using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// Reads a model's activations at named <see cref="ProbePoint"/>s during one ordinary forward pass, through forward
/// hooks removed afterwards. Captured values are detached copies owned by the caller's dispose scope.
/// </summary>
public static class ActivationCapture
{
    /// <summary>The model's probe declarations, or a clear error for a model that has none.</summary>
    public static IProbedModel Probe(nn.Module<Tensor, Tensor> model) => model as IProbedModel
        ?? throw new ArgumentException($"model {model.GetName()} does not declare its probe points (IProbedModel).");

    /// <summary>The activations at <paramref name="points"/> for inputs <paramref name="x"/>, in the order of <paramref name="points"/>.</summary>
    public static IReadOnlyList<(string Name, Tensor Activation)> Read(nn.Module<Tensor, Tensor> model, IReadOnlyList<ProbePoint> points, Tensor x) =>
        Read(model, points, x, fromInputSpace: false);

    /// <summary>The same for points <paramref name="h"/> of the model's input space (a null-module point reads <paramref name="h"/> itself).</summary>
    public static IReadOnlyList<(string Name, Tensor Activation)> ReadFromInputSpace(nn.Module<Tensor, Tensor> model, IReadOnlyList<ProbePoint> points, Tensor h) =>
        Read(model, points, h, fromInputSpace: true);

    private static IReadOnlyList<(string Name, Tensor Activation)> Read(nn.Module<Tensor, Tensor> model, IReadOnlyList<ProbePoint> points, Tensor x, bool fromInputSpace)
    {
        var probed = Probe(model);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var captured = new Dictionary<string, Tensor>();
        var removers = new List<Action>();
        // The forward's own dispose scopes free its intermediates; copies go to this scope, then to the caller's.
        using var keep = NewDisposeScope();
        try
        {
            foreach (var point in points.Where(p => p.Module is not null))
            {
                if (!modules.TryGetValue(point.Module!, out var module) || module is not nn.Module<Tensor, Tensor> typed)
                    throw new ArgumentException($"model {model.GetName()} has no module '{point.Module}'; modules: {string.Join(", ", modules.Keys.Where(k => k.Length > 0))}.");
                var key = point.Name;
                var input = point.Input;
                var handle = typed.register_forward_hook((_, inp, output) =>
                {
                    captured[key] = (input ? inp : output).detach().clone().MoveToOtherDisposeScope(keep);
                    return output;
                });
                removers.Add(() => handle.remove());
            }
            using (no_grad())
                if (fromInputSpace) probed.FromInputSpace(x);
                else model.call(x);
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        var result = new List<(string, Tensor)>();
        using (no_grad())
            foreach (var point in points)
                result.Add((point.Name, (point.Module is null ? (fromInputSpace ? x.alias() : probed.InputSpace(x).detach()) : captured[point.Name]).MoveToOuterDisposeScope()));
        return result;
    }
}
