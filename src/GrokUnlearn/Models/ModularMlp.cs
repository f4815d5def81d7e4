using GrokUnlearn.Config;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// Embedding MLP for a ∘ b mod p: one token embedding shared by both operands, the two embeddings concatenated,
/// ReLU hidden layers, then p logits. Field names are the checkpoint (safetensors) keys: embed, hidden.N, head; the
/// ReLUs are modules (act.N, no parameters) so the analyses read them by name.
/// </summary>
public sealed class ModularMlp : nn.Module<Tensor, Tensor>, Tasks.IProbedModel, Tasks.IResidueModel
{
    private readonly Embedding embed;
    private readonly ModuleList<Linear> hidden;
    private readonly Linear head;
    private readonly ModuleList<ReLU> act;

    public ModularMlp(int p, ModularMlpSpec spec) : base(nameof(ModularMlp))
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
        act = new ModuleList<ReLU>([.. spec.Hidden.Select(_ => nn.ReLU())]);
        RegisterComponents();
    }

    /// <summary>A model of this architecture with a published checkpoint's weights (safetensors).</summary>
    public static ModularMlp FromCheckpoint(int p, ModularMlpSpec spec, string path)
    {
        var model = new ModularMlp(p, spec);
        model.load_safetensors(path);
        return model;
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

    /// <summary>The ReLU layers' linear maps followed by the head: the piecewise-linear part that starts at <see cref="Embed"/>.</summary>
    public IReadOnlyList<Linear> Layers => [.. hidden, head];

    /// <summary>Names of <see cref="Layers"/>, as in the checkpoint keys (hidden.0, …, head).</summary>
    public IReadOnlyList<string> LayerNames => [.. Enumerable.Range(0, hidden.Count).Select(i => $"hidden.{i}"), "head"];

    /// <summary>The embedding matrix [p, embed_dim] (one row per residue).</summary>
    public Tensor EmbeddingWeight => embed.weight!;

    /// <summary>E · W₀[:, operand]ᵀ for each operand, side by side: [p, 2 · width].</summary>
    public Tensor FirstLayerResidueResponses()
    {
        var embedding = embed.weight!.detach();
        var w0 = hidden[0].weight!.detach();
        var d = embedding.shape[1];
        return cat([embedding.matmul(w0[.., ..(int)d].t()), embedding.matmul(w0[.., (int)d..].t())], 1);
    }

    /// <summary>Input: [N, 2] int64 operands. Output: [N, 2·embed_dim], the two embeddings concatenated (the network's continuous input).</summary>
    public Tensor Embed(Tensor pairs) => embed.call(pairs).flatten(1);

    /// <summary>Input: [N, 2] int64 operands. Output: [N, p] logits.</summary>
    public override Tensor forward(Tensor pairs) => FromInputSpace(Embed(pairs));

    public Tensor InputSpace(Tensor x) => Embed(x);

    /// <summary>Logits from concatenated embeddings [N, 2·embed_dim].</summary>
    public Tensor FromInputSpace(Tensor h)
    {
        using var scope = NewDisposeScope();
        var x = h;
        for (var i = 0; i < hidden.Count; i++) x = act[i].call(hidden[i].call(x));
        return head.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>("embed", the concatenated embeddings), ("hidden.N", post-ReLU), ("head", logits); the last hidden one is the final-layer feature.</summary>
    public IReadOnlyList<Tasks.ProbePoint> RepresentationLayers =>
        [new("embed", null), .. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"act.{i}")), new("head", "head")];

    /// <summary>Each hidden layer's pre-activation (the input of act.N, reported as hidden.N) and the logits.</summary>
    public IReadOnlyList<Tasks.ProbePoint> PreActivations =>
        [.. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"act.{i}", Input: true)), new("head", "head")];

    public string ClassifierPrefix => "head.";
}
