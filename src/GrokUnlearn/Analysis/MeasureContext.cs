using GrokUnlearn.Config;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>What a measure group reads (the task, the model in eval mode, the full sets, the fixed sample, the settings, the CKA partner) and where it writes (<see cref="Add"/>).</summary>
public sealed class MeasureContext(LearningTask task, nn.Module<Tensor, Tensor> model, UnlearnData data, AnalysisSample sample, AnalyzeSpec spec,
    nn.Module<Tensor, Tensor>? partner, string? partnerLabel, Action<string, string, string, double, string> add)
{
    public LearningTask Task { get; } = task;
    public nn.Module<Tensor, Tensor> Model { get; } = model;
    public UnlearnData Data { get; } = data;
    public AnalysisSample Sample { get; } = sample;
    public AnalyzeSpec Spec { get; } = spec;
    public nn.Module<Tensor, Tensor>? Partner { get; } = partner;
    public string? PartnerLabel { get; } = partnerLabel;

    /// <summary>One number: measure, layer ("all" or a layer name), set, value, detail.</summary>
    public void Add(string measure, string layer, string set, double value, string detail = "") => add(measure, layer, set, value, detail);
}
