using GrokUnlearn.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// ResNet-18, CIFAR variant: a 3×3 stride-1 stem without max-pooling, four stages of two <see cref="BasicBlock"/>s
/// (strides 1, 2, 2, 2), global average pooling and a Linear head. Keys follow torchvision: conv1, bn1, layer1…4, fc.
/// Without BatchNorm, bn layers are identities (as in Humayun et al.'s grokking ResNet). ReLUs and the pooling are
/// modules (relu, pool; no parameters) so the analyses read them by name; the input space is the pixels.
/// </summary>
public sealed class ResNet18Cifar : nn.Module<Tensor, Tensor>, Tasks.IProbedModel
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Linear fc;
    private readonly ReLU relu;
    private readonly AdaptiveAvgPool2d pool;

    public ResNet18Cifar(int channels, int classes, ResNetSpec spec) : base(nameof(ResNet18Cifar))
    {
        var w = spec.StageWidths;
        conv1 = nn.Conv2d(channels, w[0], 3, stride: 1, padding: 1, bias: false);
        bn1 = BasicBlock.Norm(w[0], spec.BatchNorm);
        layer1 = Stage(w[0], w[0], 1, spec.BatchNorm);
        layer2 = Stage(w[0], w[1], 2, spec.BatchNorm);
        layer3 = Stage(w[1], w[2], 2, spec.BatchNorm);
        layer4 = Stage(w[2], w[3], 2, spec.BatchNorm);
        fc = nn.Linear(w[3], classes);
        relu = nn.ReLU();
        pool = nn.AdaptiveAvgPool2d(1);
        RegisterComponents();
    }

    private static Sequential Stage(int inChannels, int outChannels, int stride, bool batchNorm) =>
        nn.Sequential(("0", new BasicBlock(inChannels, outChannels, stride, batchNorm)), ("1", new BasicBlock(outChannels, outChannels, 1, batchNorm)));

    /// <summary>Input: [N, C, H, W] images. Output: [N, classes] logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = relu.call(bn1.call(conv1.call(images)));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        x = pool.call(x).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    public Tensor InputSpace(Tensor x) => x;
    public Tensor FromInputSpace(Tensor h) => forward(h);

    /// <summary>The stem, each stage's output, the pooled features (the final-layer feature) and the logits.</summary>
    public IReadOnlyList<Tasks.ProbePoint> RepresentationLayers =>
        [new("stem", "relu"), new("layer1", "layer1"), new("layer2", "layer2"), new("layer3", "layer3"), new("layer4", "layer4"), new("pool", "pool"), new("fc", "fc")];

    /// <summary>The input of every ReLU (stem and two per block) and the logits.</summary>
    public IReadOnlyList<Tasks.ProbePoint> PreActivations =>
    [
        new("stem", "relu", Input: true),
        .. from stage in Enumerable.Range(1, 4) from block in Enumerable.Range(0, 2) from r in Enumerable.Range(1, 2)
           select new Tasks.ProbePoint($"layer{stage}.{block}.relu{r}", $"layer{stage}.{block}.relu{r}", Input: true),
        new("fc", "fc"),
    ];

    public string ClassifierPrefix => "fc.";
}
