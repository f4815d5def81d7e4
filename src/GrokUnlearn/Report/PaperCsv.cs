using System.Globalization;
using GrokUnlearn.Config;

namespace GrokUnlearn.Report;

/// <summary>
/// Reads one of the paper's number files (paper/*.csv): comma-separated, '#' comment lines, one header line that must
/// equal the expected columns, no quoted fields. Every error names the file and line.
/// </summary>
public static class PaperCsv
{
    public static IReadOnlyList<T> Read<T>(string path, string[] columns, string what, Func<PaperCsvLine, T> row)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: {what} are missing.");
        var rows = new List<T>();
        var headerSeen = false;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (!headerSeen)
            {
                headerSeen = true;
                if (!fields.SequenceEqual(columns))
                    throw new ConfigException($"{path}:{lineNumber}: header must be {string.Join(",", columns)}; found {line}.");
                continue;
            }
            if (fields.Length != columns.Length)
                throw new ConfigException($"{path}:{lineNumber}: {fields.Length} fields, expected {columns.Length} ({string.Join(",", columns)}); a field must not contain a comma.");
            rows.Add(row(new PaperCsvLine(path, lineNumber, columns, fields)));
        }
        if (!headerSeen) throw new ConfigException($"{path}: no header line ({string.Join(",", columns)}).");
        return rows;
    }
}

/// <summary>One data line of a paper CSV, with typed, line-numbered access to its fields.</summary>
public sealed class PaperCsvLine(string path, int line, string[] columns, string[] fields)
{
    public int Line { get; } = line;

    public string Field(string name) => fields[Array.IndexOf(columns, name)].Trim();

    public double Number(string name) => double.TryParse(Field(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
        ? v : throw new ConfigException($"{path}:{Line}: field {name} '{Field(name)}' is not a number.");

    public double? Optional(string name) => Field(name).Length == 0 ? null : Number(name);

    public string OneOf(string name, IReadOnlyList<string> allowed) => allowed.Contains(Field(name))
        ? Field(name)
        : throw new ConfigException($"{path}:{Line}: field {name} '{Field(name)}' is not allowed; allowed: {string.Join(", ", allowed.Select(a => a.Length == 0 ? "(empty)" : a))}.");
}
