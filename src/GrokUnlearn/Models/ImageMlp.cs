using GrokUnlearn.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>MLP on flattened images: hidden.N are Linear layers followed by ReLU, head gives the logits (checkpoint keys).</summary>
public sealed class ImageMlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> hidden;
    private readonly Linear head;

    public ImageMlp(int inputs, int classes, ImageMlpSpec spec) : base(nameof(ImageMlp))
    {
        hidden = new ModuleList<Linear>();
        var width = inputs;
        foreach (var h in spec.Hidden)
        {
            hidden.Add(nn.Linear(width, h));
            width = h;
        }
        head = nn.Linear(width, classes);
        RegisterComponents();
    }

    /// <summary>Input: [N, C, H, W] images. Output: [N, classes] logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.flatten(1);
        foreach (var layer in hidden) x = nn.functional.relu(layer.call(x));
        return head.call(x).MoveToOuterDisposeScope();
    }
}
