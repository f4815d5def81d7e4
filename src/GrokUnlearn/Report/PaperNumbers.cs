namespace GrokUnlearn.Report;

/// <summary>
/// One number pair of the paper (Liang &amp; Li 2025): a θ_pre and a θ_grok value of one metric in one of its tables.
/// Accuracies are in percent, as the paper prints them. <see cref="Method"/> uses this pipeline's names ("none" = the
/// checkpoint before unlearning, "unstated" = after an unlearning method the paper does not name).
/// </summary>
public sealed record PaperNumber(
    int Table,
    string Arch,
    string Dataset,
    string ForgetKind,
    double? ForgetFraction,
    string Method,
    string Stage,
    string Metric,
    double Pre,
    double? PreSd,
    double Grok,
    double? GrokSd,
    string Note,
    int Line)
{
    public double Difference => Grok - Pre;
}

/// <summary>Reads paper/paper-numbers.csv: comma-separated, '#' comment lines, one header line, no quoted fields.</summary>
public static class PaperNumbers
{
    public const string FileName = "paper-numbers.csv";

    public static readonly string[] Columns =
        ["table", "arch", "dataset", "forget_kind", "forget_fraction", "method", "stage", "metric", "pre", "pre_sd", "grok", "grok_sd", "note"];

    public static readonly string[] Metrics = ["TA", "RA", "UA", "grad_cosine", "lc_retain", "lc_test", "lc_forget", "cka_forget_retain"];

    private static readonly string[] Stages = ["before", "after"];
    private static readonly string[] ForgetKinds = ["", "partial-class", "random", "class"];

    public static IReadOnlyList<PaperNumber> Read(string path) => PaperCsv.Read(path, Columns, "the paper's numbers", f =>
        new PaperNumber((int)f.Number("table"), f.Field("arch"), f.Field("dataset"), f.OneOf("forget_kind", ForgetKinds), f.Optional("forget_fraction"),
            f.Field("method"), f.OneOf("stage", Stages), f.OneOf("metric", Metrics), f.Number("pre"), f.Optional("pre_sd"), f.Number("grok"),
            f.Optional("grok_sd"), f.Field("note"), f.Line));
}
