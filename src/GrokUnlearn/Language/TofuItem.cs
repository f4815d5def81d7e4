namespace GrokUnlearn.Language;

/// <summary>
/// One evaluation question in TOFU's form: the question, its answer, the paraphrased answer (null in sets that have
/// none: the truth ratio then compares the answer itself, as TOFU does for real authors and world facts) and the
/// perturbed (wrong) answers.
/// </summary>
public sealed record TofuItem(string Question, string Answer, string? ParaphrasedAnswer, IReadOnlyList<string> PerturbedAnswers)
{
    public static TofuItem From(QaRow row) => new(row.Question, row.Answer, row.ParaphrasedAnswer, row.PerturbedAnswers);
}
