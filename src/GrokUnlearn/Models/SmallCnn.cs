using GrokUnlearn.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// A small CNN: conv.N are 3×3 convolutions (padding 1), each followed by BatchNorm (bn.N, optional), ReLU and 2×2
/// max-pooling; the feature map is flattened into an optional hidden Linear + ReLU and the head. ReLUs and pools are
/// modules (act.N, pool.N, hidden_act.N; no parameters) so the analyses read them by name; the input space is the pixels.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>, Tasks.IProbedModel
{
    private readonly ModuleList<Conv2d> conv;
    private readonly ModuleList<BatchNorm2d> bn;
    private readonly ModuleList<Linear> hidden;
    private readonly Linear head;
    private readonly ModuleList<ReLU> act;
    private readonly ModuleList<MaxPool2d> pool;
    private readonly ModuleList<ReLU> hidden_act;

    public SmallCnn(int channels, int height, int width, int classes, CnnSpec spec) : base(nameof(SmallCnn))
    {
        conv = new ModuleList<Conv2d>();
        bn = new ModuleList<BatchNorm2d>();
        var c = channels;
        foreach (var outChannels in spec.Channels)
        {
            conv.Add(nn.Conv2d(c, outChannels, 3, padding: 1));
            if (spec.BatchNorm) bn.Add(nn.BatchNorm2d(outChannels));
            c = outChannels;
            height /= 2;
            width /= 2;
        }
        if (height < 1 || width < 1)
            throw new ArgumentException($"{spec.Channels.Count} pooling stages shrink the image below 1×1; use fewer conv layers.");
        hidden = new ModuleList<Linear>();
        var features = c * height * width;
        if (spec.Hidden > 0)
        {
            hidden.Add(nn.Linear(features, spec.Hidden));
            features = spec.Hidden;
        }
        head = nn.Linear(features, classes);
        act = new ModuleList<ReLU>([.. spec.Channels.Select(_ => nn.ReLU())]);
        pool = new ModuleList<MaxPool2d>([.. spec.Channels.Select(_ => nn.MaxPool2d(2))]);
        hidden_act = new ModuleList<ReLU>([.. Enumerable.Range(0, hidden.Count).Select(_ => nn.ReLU())]);
        RegisterComponents();
    }

    /// <summary>Input: [N, C, H, W] images. Output: [N, classes] logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = ChannelsLast(images);
        for (var i = 0; i < conv.Count; i++)
        {
            // The kernel goes channels-last too (a differentiable copy of a few thousand weights): the parameters keep
            // the standard layout every checkpoint, optimizer state and Grokfast buffer is saved in.
            x = nn.functional.conv2d(x, ChannelsLast(conv[i].weight!), conv[i].bias, padding: [1, 1]);
            if (bn.Count > 0) x = bn[i].call(x);
            x = pool[i].call(act[i].call(x));
        }
        x = x.flatten(1);
        for (var i = 0; i < hidden.Count; i++) x = hidden_act[i].call(hidden[i].call(x));
        return head.call(x).MoveToOuterDisposeScope();
    }

    public Tensor InputSpace(Tensor x) => x;
    public Tensor FromInputSpace(Tensor h) => forward(h);

    /// <summary>Each conv block's pooled map (conv.N), the hidden layer (hidden.N), the logits (head).</summary>
    public IReadOnlyList<Tasks.ProbePoint> RepresentationLayers =>
    [
        .. Enumerable.Range(0, conv.Count).Select(i => new Tasks.ProbePoint($"conv.{i}", $"pool.{i}")),
        .. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"hidden_act.{i}")),
        new("head", "head"),
    ];

    public IReadOnlyList<Tasks.ProbePoint> PreActivations =>
    [
        .. Enumerable.Range(0, conv.Count).Select(i => new Tasks.ProbePoint($"conv.{i}", $"act.{i}", Input: true)),
        .. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"hidden_act.{i}", Input: true)),
        new("head", "head"),
    ];

    public string ClassifierPrefix => "head.";

    /// <summary>
    /// The same N×C×H×W tensor with channels-last strides (N×H×W×C in memory; a no-op when it already has them).
    /// oneDNN's convolutions run on this layout without reordering to and from its own, ~25% faster per step on the
    /// small CNN (TorchSharp has no memory_format argument, hence the permute round trip).
    /// </summary>
    public static Tensor ChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
