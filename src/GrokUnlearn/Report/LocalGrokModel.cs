namespace GrokUnlearn.Report;

/// <summary>
/// The report's Table 2 section (the paper's local-grokking design): the labels, our Extraction Strength table in the
/// paper's layout beside the paper's, the grokked − ungrokked difference per method × size with its direction against
/// the paper's, and the "easy examples" control (the paper's Table 12).
/// </summary>
public sealed record LocalGrokModel(
    string Setup,
    IReadOnlyList<LocalGrokLabelCount> Labels,
    IReadOnlyList<LocalGrokSize> Sizes,
    IReadOnlyList<LocalGrokTableRow> Ours,
    IReadOnlyList<LocalGrokTableRow> Paper,
    IReadOnlyList<LocalGrokComparison> Comparisons,
    LocalGrokAgreement Agreement,
    IReadOnlyList<LocalGrokControlRow> Control,
    IReadOnlyList<string> ControlTests,
    IReadOnlyList<string> Notes);

public sealed record LocalGrokLabelCount(string Run, int CandidateStep, int FinalStep, int Grokked, int Ungrokked, int Neither, int Total);

/// <summary>A forget-set size: ours, as a percentage of the labelled questions, and the paper's size at the nearest percentage.</summary>
public sealed record LocalGrokSize(int Size, string Percent, string PaperSize);

public sealed record LocalGrokTableRow(string Metric, string Method, IReadOnlyList<LocalGrokPair> Cells);

public sealed record LocalGrokPair(string Grokked, string Ungrokked);

public sealed record LocalGrokComparison(string Metric, string Method, int Size, string Grokked, string Ungrokked, string Difference,
    string HedgesG, string P, string PaperDifference, string Direction);

public sealed record LocalGrokAgreement(int Compared, int Agree, int AgreeSignificant, int Opposite, int OppositeSignificant, int NoDirection);

public sealed record LocalGrokControlRow(string Kind, int Count, string QuestionChars, string AnswerChars, string QuestionWords, string AnswerWords,
    string FinalLoss, string PaperQuestionChars, string PaperAnswerChars);
