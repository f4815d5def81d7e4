using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>a ∘ b mod p: rows are the pairs (label c), inputs [N, 2] int64 operands, the model an embedding MLP.</summary>
public sealed class ModularTask(IReadOnlyList<ModularPairRow> pairs, int p, ModularMlpSpec? model)
    : LearningTask(pairs.Select(r => new TaskRow(r.Index, r.C, r.Split)).ToList(), p, model)
{
    private readonly Dictionary<int, ModularPairRow> _pairs = pairs.ToDictionary(r => r.Index);

    public override TaskKind Kind => TaskKind.Modular;
    public int P { get; } = p;
    public IReadOnlyList<ModularPairRow> Pairs { get; } = pairs;

    public override IReadOnlySet<ScenarioKind> ScenarioKinds { get; } =
        new HashSet<ScenarioKind> { ScenarioKind.Class, ScenarioKind.PartialClass, ScenarioKind.Random };

    protected override (Tensor X, Tensor Y) BuildTensors(IReadOnlyList<TaskRow> rows) =>
        ModularArithmetic.ToTensors(rows.Select(r => _pairs[r.Index]).ToList());

    public override IReadOnlyList<ForgetSplitRow> ForgetSplit(ScenarioSpec scenario) => Tasks.ForgetSplit.Select(Rows, scenario);

    public const string Pairing = "each forget pair (a, b) with the retain pair (a, b′) of nearest b′ (circular distance mod p)";

    public override string PairingRule => Pairing;

    public override (Tensor Forget, Tensor Retain)? MatchPairs(Tensor forgetX, Tensor forgetY, Tensor retainX, Tensor retainY)
    {
        var f = forgetX.cpu().data<long>().ToArray();
        var r = retainX.cpu().data<long>().ToArray();
        var byFirst = Enumerable.Range(0, r.Length / 2).GroupBy(i => r[2 * i]).ToDictionary(g => g.Key, g => g.ToList());
        var left = new List<long>();
        var right = new List<long>();
        for (var i = 0; i < f.Length / 2; i++)
        {
            var (a, b) = (f[2 * i], f[2 * i + 1]);
            if (!byFirst.TryGetValue(a, out var candidates)) continue;
            var best = candidates.MinBy(j => Math.Min(Math.Abs(r[2 * j + 1] - b), P - Math.Abs(r[2 * j + 1] - b)));
            left.AddRange([a, b]);
            right.AddRange([r[2 * best], r[2 * best + 1]]);
        }
        return (tensor(left.ToArray(), device: forgetX.device).reshape(-1, 2), tensor(right.ToArray(), device: forgetX.device).reshape(-1, 2));
    }

    /// <summary>Class selectivity of a modular MLP is measured over all p² pairs.</summary>
    public override (IReadOnlyList<TaskRow> Rows, string Name)? SelectivityRows => (Rows, "all-pairs");

    private ModularMlpSpec Spec => ModelSpec as ModularMlpSpec
        ?? throw new InvalidOperationException($"a modular-arithmetic task needs a {ModularMlpSpec.KindName} model.");

    public override nn.Module<Tensor, Tensor> NewModel() => new ModularMlp(P, Spec);

    public override void Initialise(nn.Module<Tensor, Tensor> model, Generator generator) => ((ModularMlp)model).Initialise(generator, Spec.InitScale);
}
