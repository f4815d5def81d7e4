using System.Globalization;
using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Representation structure: class selectivity of every hidden representation (modular: over all p² pairs; otherwise the
/// test sample), effective rank and participation ratio of the final-layer feature on forget and retain inputs, and the
/// overlap of their top units.
/// </summary>
public sealed class RepresentationGroup : IMeasureGroup
{
    public string Name => "representation";
    public IReadOnlyList<string> Measures =>
        ["class_selectivity", "selective_unit_fraction", "dead_unit_fraction", "effective_rank", "participation_ratio", "top_unit_jaccard"];

    public string? NotApplicable(LearningTask task, nn.Module<Tensor, Tensor> model) =>
        model is not IProbedModel ? $"model {model.GetName()} declares no representation layers"
        : task.Kind == TaskKind.Language ? "class selectivity needs one class label per input" : null;

    public void Measure(MeasureContext m)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var probed = (IProbedModel)m.Model;
        var layers = probed.RepresentationLayers;
        var (x, y, setName) = m.Task.SelectivityRows is { } rows
            ? Selectivity(m.Task, rows.Rows, rows.Name)
            : (m.Sample.TestX, m.Sample.TestY, "test");
        var all = ActivationCapture.Read(m.Model, layers, x);
        for (var i = 0; i < all.Count - 1; i++)
        {
            if (layers[i].Module is null) continue;   // the input space is not a hidden representation
            var (mean, selective, dead) = RepresentationStructure.ClassSelectivity(all[i].Activation.flatten(1), y, m.Task.Outputs);
            m.Add("class_selectivity", all[i].Name, setName, mean);
            m.Add("selective_unit_fraction", all[i].Name, setName, selective);
            m.Add("dead_unit_fraction", all[i].Name, setName, dead);
        }
        var last = all[^2].Name;
        var forget = ActivationCapture.Read(m.Model, layers, m.Sample.ForgetX)[^2].Activation.flatten(1);
        var retain = ActivationCapture.Read(m.Model, layers, m.Sample.RetainX)[^2].Activation.flatten(1);
        foreach (var (set, features) in new[] { ("forget", forget), ("retain", retain) })
        {
            m.Add("effective_rank", last, set, RepresentationStructure.EffectiveRank(features));
            m.Add("participation_ratio", last, set, RepresentationStructure.ParticipationRatio(features));
        }
        m.Add("top_unit_jaccard", last, "forget-vs-retain", RepresentationStructure.TopUnitOverlap(forget, retain, m.Spec.TopUnitFraction),
            string.Create(CultureInfo.InvariantCulture, $"top {m.Spec.TopUnitFraction:P0} of units"));
    }

    private static (Tensor X, Tensor Y, string Name) Selectivity(LearningTask task, IReadOnlyList<TaskRow> rows, string name)
    {
        var (x, y) = task.Tensors(rows);
        return (x, y, name);
    }
}
