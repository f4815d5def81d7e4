using System.Text.Json.Nodes;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Says why a fingerprint changed, from the parameters, inputs and code version stored beside it:
/// "params recipe.lr 0.001 → 0.002", "input data changed", "code version train/1 → train/2".
/// </summary>
public static class StaleDiff
{
    public const string ParamsKey = "grokunlearn.params";
    public const string InputsKey = "grokunlearn.inputs";
    public const string CodeVersionKey = "grokunlearn.code_version";
    private const int MaxListed = 3;

    public static string Explain(IReadOnlyDictionary<string, string> stored, StageCell cell)
    {
        var reasons = new List<string>();
        if (stored.TryGetValue(CodeVersionKey, out var code) && code != cell.CodeVersion)
            reasons.Add($"code version {code} → {cell.CodeVersion}");
        if (stored.TryGetValue(ParamsKey, out var oldParams))
            reasons.AddRange(Differences(oldParams, Fingerprint.ParametersJson(cell.Parameters))
                .Select(d => $"parameter {d.Path} {d.Old} → {d.New}"));
        if (stored.TryGetValue(InputsKey, out var oldInputs))
            reasons.AddRange(Differences(oldInputs, Fingerprint.ParametersJson(cell.Inputs.ToDictionary(kv => kv.Key, kv => (object)kv.Value)))
                .Select(d => $"input {d.Path} changed"));
        if (reasons.Count == 0) return "stored provenance does not say what differs";
        var listed = string.Join("; ", reasons.Take(MaxListed));
        return reasons.Count > MaxListed ? $"{listed}; and {reasons.Count - MaxListed} more" : listed;
    }

    private static IEnumerable<(string Path, string Old, string New)> Differences(string oldJson, string newJson)
    {
        var before = Flatten(JsonNode.Parse(oldJson));
        var after = Flatten(JsonNode.Parse(newJson));
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var o = before.GetValueOrDefault(key, "(absent)");
            var n = after.GetValueOrDefault(key, "(absent)");
            if (o != n) yield return (key, o, n);
        }
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject obj)
                foreach (var (k, v) in obj) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
            else
                result[path] = n?.ToJsonString() ?? "null";
        }
        Walk(node, "");
        return result;
    }
}
