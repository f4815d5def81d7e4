using GrokUnlearn.Config;
using GrokUnlearn.Language;
using GrokUnlearn.Storage;
using GrokUnlearn.Tasks;
using GrokUnlearn.Training;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// The Unlearn stage's local-grokking cell (the paper's Table 2 design), one per labelled language run: labels every
/// trained author question from the run's per-example loss curve (<see cref="LocalGrokLabels"/>) and draws the grokked
/// and ungrokked forget sets (<see cref="LocalForgetSets"/>). Writes labels.parquet, then forget-sets.parquet (lock).
/// </summary>
public sealed class LocalGrokCell(TrainCell run, LocalGrokSpec spec, ArtifactStore store)
    : StageCell("unlearn", CellId(run), CodeVersionSalt, spec.Parameters(),
        new Dictionary<string, string> { ["train"] = run.Fingerprint }, Path.Combine(store.UnlearnDir(CellId(run)), "forget-sets.parquet"))
{
    public const string CodeVersionSalt = "unlearn/local-grokking/1";

    public TrainCell Run { get; } = run;
    public LocalGrokSpec Spec { get; } = spec;
    public string LabelTable { get; } = Path.Combine(store.UnlearnDir(CellId(run)), "labels.parquet");

    public static string CellId(TrainCell run) => $"{run.Id}__local-grokking";

    /// <summary>The labels table is read too: a corrupted one makes the cell stale.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        if (!File.Exists(LabelTable)) return CellState.Stale("output labels.parquet is missing");
        await ParquetTable.ReadAsync<LocalGrokLabelRow>(LabelTable);
        await ParquetTable.ReadAsync<LocalForgetSetRow>(LockTable);
        return null;
    }

    /// <summary>Labels the run's trained author questions and draws the forget sets; returns what it logged.</summary>
    public async Task<string> RunAsync(LanguageTask task)
    {
        var (curve, _) = await ParquetTable.ReadAsync<ExampleLossRow>(Run.Store.ExampleLossTable(Run.Id));
        var steps = curve.Select(r => r.Step).Distinct().Order().ToList();
        var fit = await Run.FindCheckpointAsync("fit");
        var candidate = LocalGrokLabels.CandidateStep(steps, Spec.CandidateFraction, fit?.Step);
        var questions = task.Questions.Where(q => q.Split == QaRow.Train).ToList();
        var labelRows = new List<LocalGrokLabelRow>();
        IReadOnlyDictionary<int, string> labels;
        if (candidate is { } c)
        {
            var labelled = LocalGrokLabels.Label(curve.ToList(), c, questions.Select(q => q.Id), Spec.GrokkedWithin, Spec.UngrokkedDrop);
            labels = labelled.ToDictionary(l => l.Key, l => l.Value.Label);
            labelRows.AddRange(questions.Select(q => new LocalGrokLabelRow
            {
                Run = Run.Id, Seed = Run.Seed, Index = q.Id, Author = q.AuthorIndex, Question = q.Question, Answer = q.Answer,
                QuestionChars = q.Question.Length, AnswerChars = q.Answer.Length,
                QuestionWords = WordCount(q.Question), AnswerWords = WordCount(q.Answer),
                CandidateStep = c, FinalStep = steps[^1],
                CandidateLoss = labelled[q.Id].Candidate, FinalLoss = labelled[q.Id].Final,
                Drop = labelled[q.Id].Candidate - labelled[q.Id].Final, Label = labelled[q.Id].Label,
            }));
        }
        else
        {
            labels = new Dictionary<int, string>();   // a run that never fit has no candidate: no question is labelled
        }
        var (sets, notDrawn) = LocalForgetSets.Draw(labels, Spec.Sizes, Spec.Draws, Spec.Seed);
        await ParquetTable.WriteAsync(LabelTable, labelRows, Metadata(LocalGrokLabelRow.SchemaVersion));
        await ParquetTable.WriteAsync(LockTable, sets, Metadata(LocalForgetSetRow.SchemaVersion));
        var counts = string.Join(", ", new[] { LocalGrokLabels.Grokked, LocalGrokLabels.Ungrokked, LocalGrokLabels.Neither }
            .Select(k => $"{labels.Count(l => l.Value == k)} {k}"));
        var where = candidate is { } s ? $"candidate step {s} of {steps[^1]}" : "the run never fit: no candidate step";
        return $"{Id}: {where}; {counts} of {questions.Count} questions; {sets.Select(r => r.Set).Distinct().Count()} forget sets"
            + (notDrawn.Count > 0 ? $"; not drawn: {string.Join("; ", notDrawn)}" : "");
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
