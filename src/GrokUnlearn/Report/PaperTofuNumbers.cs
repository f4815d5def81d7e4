namespace GrokUnlearn.Report;

/// <summary>One number pair of the paper's language tables (paper/paper-tofu.csv): grokked vs ungrokked.</summary>
public sealed record PaperTofuNumber(int Table, string Metric, string Method, int? Size, double Grokked, double Ungrokked, string Note);

/// <summary>Reads paper/paper-tofu.csv: the paper's Table 2 (Extraction Strength) and Table 12 (lengths), with line-numbered errors.</summary>
public static class PaperTofuNumbers
{
    public const string FileName = "paper-tofu.csv";
    public static readonly string[] Columns = ["table", "metric", "method", "size", "grokked", "ungrokked", "note"];
    public const string EsRetain = "ES_retain";
    public const string EsUnlearn = "ES_unlearn";
    private static readonly string[] Metrics = [EsRetain, EsUnlearn, "question_chars", "answer_chars"];

    public static IReadOnlyList<PaperTofuNumber> Read(string path) => PaperCsv.Read(path, Columns, "the paper's language numbers", f =>
        new PaperTofuNumber((int)f.Number("table"), f.OneOf("metric", Metrics), f.Field("method"), f.Optional("size") is { } size ? (int)size : null,
            f.Number("grokked"), f.Number("ungrokked"), f.Field("note")));
}
