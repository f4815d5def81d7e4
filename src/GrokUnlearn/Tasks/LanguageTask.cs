using TorchSharp;
using GrokUnlearn.Config;
using GrokUnlearn.Language;
using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// A TOFU-style knowledge base: rows are its questions (index = question id, label −1: the targets are the answer
/// tokens), inputs are next-token sequences (<see cref="SequenceBatch"/>), the model a decoder transformer. A model
/// trains on every trained question (TOFU's full, world facts included) and is tested on the held-out-template
/// questions of the authors it trained on; a retain-only oracle leaves its forget split's authors out of both.
/// </summary>
public sealed class LanguageTask(IReadOnlyList<QaRow> questions, TransformerSpec? model)
    : LearningTask(questions.Select(q => new TaskRow(q.Id, -1, q.Split)).ToList(), AuthorSplits.Tokenizer(questions).Count, model)
{
    private readonly Dictionary<int, QaRow> _questions = questions.ToDictionary(q => q.Id);

    public override TaskKind Kind => TaskKind.Language;
    public IReadOnlyList<QaRow> Questions { get; } = questions;
    public WordTokenizer Tokenizer { get; } = AuthorSplits.Tokenizer(questions);

    public override IReadOnlySet<ScenarioKind> ScenarioKinds { get; } = new HashSet<ScenarioKind> { ScenarioKind.Authors };

    public QaRow Question(int index) => _questions[index];

    public override IReadOnlyList<TaskRow> TrainingRows(IReadOnlySet<int>? excluded = null) =>
        Rows.Where(r => _questions[r.Index].Trained && (excluded is null || !excluded.Contains(r.Index))).ToList();

    public override IReadOnlyList<TaskRow> TestRows(IReadOnlySet<int>? excluded = null)
    {
        var authors = excluded is null ? [] : excluded.Select(i => _questions[i].AuthorIndex).ToHashSet();
        return Rows.Where(r => r.Split == QaRow.HeldOutTemplate && !authors.Contains(_questions[r.Index].AuthorIndex)).ToList();
    }

    /// <summary>An unlearning method's retain draws: the retained authors' trained questions (world facts are the utility probe, not drawn).</summary>
    public override IReadOnlyList<TaskRow> RetainPool(IReadOnlyList<TaskRow> retain) => retain.Where(r => r.Split == QaRow.Train).ToList();

    protected override (Tensor X, Tensor Y) BuildTensors(IReadOnlyList<TaskRow> rows) =>
        SequenceBatch.Encode(Tokenizer, rows.Select(r => (_questions[r.Index].Question, _questions[r.Index].Answer)));

    /// <summary>Each forget question with each refusal string (row i × answer k at i·K + k), padded together.</summary>
    public override (Tensor X, Tensor Y)? RefusalTensors(IReadOnlyList<TaskRow> forget)
    {
        var (x, y) = SequenceBatch.Encode(Tokenizer, forget.SelectMany(r => IdkAnswers.All.Select(a => (_questions[r.Index].Question, a))));
        return Device.type == DeviceType.CPU ? (x, y) : (x.to(Device), y.to(Device));
    }

    /// <summary>Every trained question with its role: forget when its author is in the split's forget level, retain otherwise.</summary>
    public override IReadOnlyList<ForgetSplitRow> ForgetSplit(ScenarioSpec scenario)
    {
        if (scenario.Kind != ScenarioKind.Authors)
            throw new ArgumentException($"a language knowledge base has author splits only (kind authors), not {ScenarioSpec.KindName(scenario.Kind)}.");
        return Questions.Where(q => q.Trained).Select(q => new ForgetSplitRow
        {
            Index = q.Id, C = -1,
            Role = q.Split == QaRow.Train && AuthorSplits.InForget(q, scenario.Percent) ? "forget" : "retain",
        }).ToList();
    }

    private TransformerSpec Spec => ModelSpec as TransformerSpec
        ?? throw new InvalidOperationException($"a language task needs a {TransformerSpec.KindName} model.");

    public override nn.Module<Tensor, Tensor> NewModel() => new DecoderTransformer(Outputs, Spec);

    public override void Initialise(nn.Module<Tensor, Tensor> model, Generator generator) => ((DecoderTransformer)model).Initialise(generator, Spec.InitScale);
}
