using TorchSharp;
using TorchSharp.Modules;
using GrokUnlearn.Native;
using static TorchSharp.torch;

namespace GrokUnlearn.Language;

/// <summary>
/// Multi-head causal self-attention written out by hand (softmax(QKᵀ/√d_head + causal mask)·V), so forward hooks see
/// every block and Hessian-vector products (double backward) run through it; TorchSharp's fused attention layers are
/// opaque to both. Keys: qkv (one Linear for Q, K and V), proj.
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;

    public CausalSelfAttention(int dModel, int heads) : base(nameof(CausalSelfAttention))
    {
        if (dModel % heads != 0) throw new ArgumentException($"d_model {dModel} is not a multiple of heads {heads}.");
        _heads = heads;
        qkv = nn.Linear(dModel, 3 * dModel);
        proj = nn.Linear(dModel, dModel);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var dHead = d / _heads;
        // [B, T, 3D] → three [B, H, T, d_head]
        var parts = qkv.call(x).view(b, t, 3, _heads, dHead).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        // Kept Scalars, not temporary ones (see KeptScalars): the same values, no handle freed mid-call.
        var scores = q.matmul(k.transpose(-2, -1)).div(KeptScalars.Of(Math.Sqrt(dHead)));
        using var future = ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1);
        var weights = nn.functional.softmax(scores.masked_fill(future, KeptScalars.NegativeInfinity), -1);
        var mixed = weights.matmul(v).transpose(1, 2).reshape(b, t, d);
        return proj.call(mixed);
    }
}
