using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// ResNet's basic block: conv3×3 → bn → ReLU → conv3×3 → bn, plus a shortcut (1×1 conv + bn when the shape changes), then
/// ReLU. The ReLUs are modules (relu1, relu2; no parameters), as in torchvision, so analyses read them by name.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly nn.Module<Tensor, Tensor> bn1, bn2;
    private readonly Sequential shortcut;
    private readonly ReLU relu1, relu2;

    public BasicBlock(int inChannels, int outChannels, int stride, bool batchNorm) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = Norm(outChannels, batchNorm);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = Norm(outChannels, batchNorm);
        shortcut = stride != 1 || inChannels != outChannels
            ? nn.Sequential(("0", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", Norm(outChannels, batchNorm)))
            : nn.Sequential();
        relu1 = nn.ReLU();
        relu2 = nn.ReLU();
        RegisterComponents();
    }

    /// <summary>BatchNorm2d, or the identity when BatchNorm is off.</summary>
    public static nn.Module<Tensor, Tensor> Norm(int channels, bool batchNorm) => batchNorm ? nn.BatchNorm2d(channels) : nn.Identity();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = relu1.call(bn1.call(conv1.call(x)));
        y = bn2.call(conv2.call(y));
        return relu2.call(y + shortcut.call(x)).MoveToOuterDisposeScope();
    }
}
