using System.Globalization;
using GrokUnlearn.Config;

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

    public static IReadOnlyList<PaperTofuNumber> Read(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: the paper's language numbers are missing.");
        var rows = new List<PaperTofuNumber>();
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
            var metric = Metrics.Contains(Field("metric")) ? Field("metric")
                : throw new ConfigException($"{path}:{lineNumber}: field metric '{Field("metric")}' is not allowed; allowed: {string.Join(", ", Metrics)}.");
            rows.Add(new PaperTofuNumber((int)Number("table"), metric, Field("method"), Field("size").Length == 0 ? null : (int)Number("size"),
                Number("grokked"), Number("ungrokked"), Field("note")));
        }
        if (header is null) throw new ConfigException($"{path}: no header line ({string.Join(",", Columns)}).");
        return rows;
    }
}
