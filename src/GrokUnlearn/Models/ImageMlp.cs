using GrokUnlearn.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>
/// MLP on flattened images: hidden.N are Linear layers followed by ReLU (act.N), head gives the logits (checkpoint keys).
/// Its input space is the pixels.
/// </summary>
public sealed class ImageMlp : nn.Module<Tensor, Tensor>, Tasks.IProbedModel
{
    private readonly ModuleList<Linear> hidden;
    private readonly Linear head;
    private readonly ModuleList<ReLU> act;

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
        act = new ModuleList<ReLU>([.. spec.Hidden.Select(_ => nn.ReLU())]);
        RegisterComponents();
    }

    /// <summary>Input: [N, C, H, W] images. Output: [N, classes] logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.flatten(1);
        for (var i = 0; i < hidden.Count; i++) x = act[i].call(hidden[i].call(x));
        return head.call(x).MoveToOuterDisposeScope();
    }

    public Tensor InputSpace(Tensor x) => x;
    public Tensor FromInputSpace(Tensor h) => forward(h);

    public IReadOnlyList<Tasks.ProbePoint> RepresentationLayers =>
        [.. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"act.{i}")), new("head", "head")];

    public IReadOnlyList<Tasks.ProbePoint> PreActivations =>
        [.. Enumerable.Range(0, hidden.Count).Select(i => new Tasks.ProbePoint($"hidden.{i}", $"act.{i}", Input: true)), new("head", "head")];

    public string ClassifierPrefix => "head.";
}
