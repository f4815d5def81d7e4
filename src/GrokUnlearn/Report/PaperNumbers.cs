using System.Globalization;
using GrokUnlearn.Config;

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

    public static IReadOnlyList<PaperNumber> Read(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: the paper's numbers are missing.");
        var rows = new List<PaperNumber>();
        string[]? header = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (header is null)
            {
                header = fields;
                if (!header.SequenceEqual(Columns))
                    throw new ConfigException($"{path}:{lineNumber}: header must be {string.Join(",", Columns)}; found {line}.");
                continue;
            }
            if (fields.Length != Columns.Length)
                throw new ConfigException($"{path}:{lineNumber}: {fields.Length} fields, expected {Columns.Length} ({string.Join(",", Columns)}); a field must not contain a comma.");
            string Field(string name) => fields[Array.IndexOf(Columns, name)].Trim();
            double Number(string name) => double.TryParse(Field(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new ConfigException($"{path}:{lineNumber}: field {name} '{Field(name)}' is not a number.");
            double? Optional(string name) => Field(name).Length == 0 ? null : Number(name);
            string OneOf(string name, string[] allowed) => allowed.Contains(Field(name))
                ? Field(name) : throw new ConfigException($"{path}:{lineNumber}: field {name} '{Field(name)}' is not allowed; allowed: {string.Join(", ", allowed.Select(a => a.Length == 0 ? "(empty)" : a))}.");
            var table = (int)Number("table");
            rows.Add(new PaperNumber(table, Field("arch"), Field("dataset"), OneOf("forget_kind", ForgetKinds), Optional("forget_fraction"),
                Field("method"), OneOf("stage", Stages), OneOf("metric", Metrics), Number("pre"), Optional("pre_sd"), Number("grok"),
                Optional("grok_sd"), Field("note"), lineNumber));
        }
        if (header is null) throw new ConfigException($"{path}: no header line ({string.Join(",", Columns)}).");
        return rows;
    }
}
