using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>Image classification: rows are the persisted images (label = class), inputs [N, C, H, W] float32 standardised as the Data stage fixed.</summary>
public sealed class ImageTask(ImageTable table, ModelSpec? model)
    : LearningTask(table.Rows.Select(r => new TaskRow(r.Index, r.Label, r.Split)).ToList(), table.Classes, model)
{
    private readonly Dictionary<int, ImageRow> _images = table.Rows.ToDictionary(r => r.Index);

    public override TaskKind Kind => TaskKind.Image;
    public ImageTable Table { get; } = table;

    public override IReadOnlySet<ScenarioKind> ScenarioKinds { get; } =
        new HashSet<ScenarioKind> { ScenarioKind.Class, ScenarioKind.PartialClass, ScenarioKind.Random };

    protected override (Tensor X, Tensor Y) BuildTensors(IReadOnlyList<TaskRow> rows) => Table.ToTensors(rows.Select(r => _images[r.Index]).ToList());

    public override IReadOnlyList<ForgetSplitRow> ForgetSplit(ScenarioSpec scenario) => Tasks.ForgetSplit.Select(Rows, scenario);

    public const string Pairing = "each forget image with a retain image of the same class (the class's retain images in order, cycling)";

    public override string PairingRule => Pairing;

    public override (Tensor Forget, Tensor Retain)? MatchPairs(Tensor forgetX, Tensor forgetY, Tensor retainX, Tensor retainY)
    {
        var fy = forgetY.cpu().data<long>().ToArray();
        var byClass = retainY.cpu().data<long>().Select((label, i) => (label, i)).GroupBy(t => t.label).ToDictionary(g => g.Key, g => g.Select(t => (long)t.i).ToArray());
        var left = new List<long>();
        var right = new List<long>();
        var used = new Dictionary<long, int>();
        for (var i = 0; i < fy.Length; i++)
        {
            if (!byClass.TryGetValue(fy[i], out var candidates)) continue;
            var k = used.GetValueOrDefault(fy[i]);
            used[fy[i]] = k + 1;
            left.Add(i);
            right.Add(candidates[k % candidates.Length]);
        }
        using var l = tensor(left.ToArray(), device: forgetX.device);
        using var r = tensor(right.ToArray(), device: retainX.device);
        return (forgetX.index_select(0, l), retainX.index_select(0, r));
    }

    public override nn.Module<Tensor, Tensor> NewModel() => ModelFactory.CreateImageModel(
        ModelSpec ?? throw new InvalidOperationException("an image task read without a model cannot build one."),
        Table.Channels, Table.Height, Table.Width, Table.Classes);

    public override void Initialise(nn.Module<Tensor, Tensor> model, Generator generator) => DefaultInitialisation.Apply(model, generator, ModelSpec!.InitScale);
}
