using GrokUnlearn.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Language;

/// <summary>A pre-LayerNorm decoder block (GPT-2 layout): x + attn(ln1(x)), then + mlp(ln2(x)) with a GELU MLP.</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln2;
    private readonly Linear fc;
    private readonly Linear down;

    public TransformerBlock(int dModel, int heads, int dMlp) : base(nameof(TransformerBlock))
    {
        ln1 = nn.LayerNorm(dModel);
        attn = new CausalSelfAttention(dModel, heads);
        ln2 = nn.LayerNorm(dModel);
        fc = nn.Linear(dModel, dMlp);
        down = nn.Linear(dMlp, dModel);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        // x.add(y, One) is x + y with a kept Scalar for the alpha (see KeptScalars).
        var h = x.add(attn.call(ln1.call(x)), KeptScalars.One);
        return h.add(down.call(nn.functional.gelu(fc.call(ln2.call(h)))), KeptScalars.One);
    }
}
