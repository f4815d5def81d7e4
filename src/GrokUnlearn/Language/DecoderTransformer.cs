using GrokUnlearn.Config;
using GrokUnlearn.Native;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Language;

/// <summary>
/// A small decoder-only transformer (token + learned position embeddings, pre-LN blocks, final LayerNorm, untied
/// head): token ids [B, T] → next-token logits [B, T, V]. Blocks are separate modules so a forward hook on
/// <see cref="Blocks"/>[ℓ] reads (or steers) layer ℓ's hidden states, as RMU does.
/// </summary>
public sealed class DecoderTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm ln_f;
    private readonly Linear head;

    public DecoderTransformer(int vocabulary, TransformerSpec spec) : base(nameof(DecoderTransformer))
    {
        tokens = nn.Embedding(vocabulary, spec.DModel);
        positions = nn.Embedding(spec.MaxLength, spec.DModel);
        blocks = new ModuleList<TransformerBlock>();
        for (var i = 0; i < spec.Layers; i++) blocks.Add(new TransformerBlock(spec.DModel, spec.Heads, spec.DMlp));
        ln_f = nn.LayerNorm(spec.DModel);
        head = nn.Linear(spec.DModel, vocabulary, hasBias: false);
        MaxLength = spec.MaxLength;
        RegisterComponents();
    }

    public int MaxLength { get; }
    public IReadOnlyList<TransformerBlock> Blocks => [.. blocks];

    /// <summary>A model of this architecture with a published checkpoint's weights (safetensors).</summary>
    public static DecoderTransformer FromCheckpoint(int vocabulary, TransformerSpec spec, string path)
    {
        var model = new DecoderTransformer(vocabulary, spec);
        model.load_safetensors(path);
        return model;
    }

    /// <summary>
    /// GPT-2's initialisation drawn from an explicit generator: every Linear and Embedding weight N(0, 0.02²), biases 0,
    /// LayerNorm 1/0; then every parameter × init scale α (Omnigrok's knob, 1 = GPT-2).
    /// </summary>
    public void Initialise(Generator generator, double initScale)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in named_parameters())
        {
            if (name.Contains("ln")) p.copy_(name.EndsWith("weight") ? ones_like(p) * initScale : zeros_like(p));
            else if (name.EndsWith("bias")) p.zero_();
            else p.copy_(randn(p.shape, generator: generator) * (0.02 * initScale));
        }
    }

    public override Tensor forward(Tensor ids)
    {
        var t = ids.shape[1];
        if (t > MaxLength) throw new ArgumentException($"sequence length {t} exceeds the model's max_length {MaxLength}.");
        using var pos = arange(t, dtype: ScalarType.Int64, device: ids.device);
        var h = tokens.call(ids).add(positions.call(pos), KeptScalars.One);
        foreach (var block in blocks) h = block.call(h);
        return head.call(ln_f.call(h));
    }
}
