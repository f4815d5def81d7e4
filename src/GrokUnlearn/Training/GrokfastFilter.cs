using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Training;

/// <summary>
/// Grokfast-EMA (Lee et al. 2024, gradfilter_ema): keeps an exponential moving average of each parameter's gradient,
/// ema ← α·ema + (1 − α)·g (starting at the first gradient), and amplifies its slow component: g ← g + λ·ema.
/// Applied after backward and before the optimizer step. The averages are part of a resume point.
/// </summary>
public sealed class GrokfastFilter(nn.Module<Tensor, Tensor> model, double alpha, double lambda) : IDisposable
{
    private readonly Dictionary<string, Tensor> _ema = [];

    public void Apply()
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (p.grad is not { } g) continue;
            if (_ema.TryGetValue(name, out var ema)) ema.mul_(alpha).add_(g, alpha: 1 - alpha);
            else _ema[name] = ema = g.detach().clone().DetachFromDisposeScope();
            g.add_(ema, alpha: lambda);
        }
    }

    public void Save(string path) => TorchSharp.PyBridge.Safetensors.SaveStateDict(path, _ema);

    public void Load(string path)
    {
        if (!File.Exists(path)) return;
        foreach (var (name, t) in TorchSharp.PyBridge.Safetensors.LoadStateDict(path))
        {
            if (_ema.Remove(name, out var old)) old.Dispose();
            _ema[name] = t;
        }
    }

    public void Dispose()
    {
        foreach (var t in _ema.Values) t.Dispose();
        _ema.Clear();
    }
}
