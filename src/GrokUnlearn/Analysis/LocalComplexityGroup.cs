using TorchSharp;
using System.Globalization;
using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Local complexity (Humayun et al. 2024) around forget, retain, test and random points of the model's input space (the
/// embedded operands of a modular MLP, the pixels of an image model), per pre-activation layer and in total, at each radius
/// (a multiple of the retain inputs' mean norm).
/// </summary>
public sealed class LocalComplexityGroup : IMeasureGroup
{
    public string Name => "local complexity";
    public IReadOnlyList<string> Measures => ["input_norm", "local_complexity"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        model is not IProbedModel ? $"model {model.GetName()} declares no input space or pre-activations"
        : task.Kind == TaskKind.Language ? "a transformer is not a piecewise-linear ReLU network (attention, LayerNorm)" : null;

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var s = m.Sample;
        var probed = (IProbedModel)m.Model;
        using var generator = new Generator(s.Seed ^ 0x4C43);
        var inputShape = probed.InputSpace(s.RetainX[..1]).shape[1..];
        Tensor Flat(Tensor x) => probed.InputSpace(x).detach().flatten(1);
        var retain = Flat(s.RetainX);
        var scale = retain.norm(1).mean().ToDouble();
        m.Add("input_norm", probed.RepresentationLayers.FirstOrDefault(p => p.Module is null)?.Name ?? "input", "retain", scale);
        var dimension = (int)retain.shape[1];
        var directions = LocalComplexity.Directions(dimension, Math.Min(m.Spec.LcDirections, dimension), generator);
        // Random points: Gaussian with the retain inputs' per-coordinate mean and spread (the model's own input scale).
        var random = randn(retain.shape, generator: generator).to(retain.device) * retain.std(0, keepdim: true) + retain.mean([0], keepdim: true);
        var sets = new (string Name, Tensor Points)[] { ("forget", Flat(s.ForgetX)), ("retain", retain), ("test", Flat(s.TestX)), ("random", random) };
        var layers = probed.PreActivations;
        IReadOnlyList<Tensor> PreActivations(Tensor h) =>
            ActivationCapture.ReadFromInputSpace(m.Model, layers, h.reshape([h.shape[0], .. inputShape])).Select(a => a.Activation).ToList();
        foreach (var radius in m.Spec.LcRadii)
        {
            var detail = string.Create(CultureInfo.InvariantCulture, $"r = {radius} × mean ‖x‖");
            foreach (var (name, points) in sets)
            {
                var counts = LocalComplexity.CrossedNeurons(PreActivations, points, directions, radius * scale).to_type(ScalarType.Float64);
                m.Add("local_complexity", "all", name, counts.sum(1).mean().ToDouble(), detail);
                for (var l = 0; l < layers.Count; l++)
                    m.Add("local_complexity", layers[l].Name, name, counts[.., l].mean().ToDouble(), detail);
            }
        }
    }
}
