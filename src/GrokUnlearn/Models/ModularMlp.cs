using GrokUnlearn.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// Embedding MLP for a ∘ b mod p: one token embedding shared by both operands, the two embeddings concatenated,
/// ReLU hidden layers, then p logits. Field names are the checkpoint (safetensors) keys: embed, hidden.N, head.
/// </summary>
public sealed class ModularMlp : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly ModuleList<Linear> hidden;
    private readonly Linear head;

    public ModularMlp(int p, ModelSpec spec) : base(nameof(ModularMlp))
    {
        embed = nn.Embedding(p, spec.EmbedDim);
        hidden = new ModuleList<Linear>();
        var width = 2 * spec.EmbedDim;
        foreach (var h in spec.Hidden)
        {
            hidden.Add(nn.Linear(width, h));
            width = h;
        }
        head = nn.Linear(width, p);
        RegisterComponents();
    }

    /// <summary>
    /// PyTorch's default initialisation drawn from an explicit generator (embedding N(0, 1); linear weight and
    /// bias U(±1/√fan_in)), then every parameter multiplied by the init scale α (Omnigrok).
    /// </summary>
    public void Initialise(Generator generator, double initScale)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        embed.weight!.copy_(randn(embed.weight.shape, generator: generator) * initScale);
        foreach (var linear in hidden.Append(head))
        {
            var bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
            linear.weight.copy_((rand(linear.weight.shape, generator: generator) * 2 - 1) * (bound * initScale));
            linear.bias!.copy_((rand(linear.bias.shape, generator: generator) * 2 - 1) * (bound * initScale));
        }
    }

    /// <summary>Input: [N, 2] int64 operands. Output: [N, p] logits.</summary>
    public override Tensor forward(Tensor pairs)
    {
        using var scope = NewDisposeScope();
        var x = embed.call(pairs).flatten(1);
        foreach (var layer in hidden) x = nn.functional.relu(layer.call(x));
        return head.call(x).MoveToOuterDisposeScope();
    }
}
