using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrokUnlearn.Storage;

/// <summary>
/// A cell's fingerprint (DVC's lock entry, hashed): SHA-256 over the canonical JSON of the stage name, the stage's
/// code version, the cell's fully resolved parameters and its inputs' fingerprints. Keys are sorted, numbers are
/// written in round-trip form, so the same definition always gives the same hash.
/// </summary>
public static class Fingerprint
{
    public static string Compute(string stage, string codeVersion, IReadOnlyDictionary<string, object> parameters,
        IReadOnlyDictionary<string, string> inputs) =>
        Hash(Canonical(stage, codeVersion, parameters, inputs));

    public static string Canonical(string stage, string codeVersion, IReadOnlyDictionary<string, object> parameters,
        IReadOnlyDictionary<string, string> inputs)
    {
        var root = new JsonObject
        {
            ["stage"] = stage,
            ["code_version"] = codeVersion,
            ["params"] = ToNode(parameters),
            ["inputs"] = ToObject(inputs.ToDictionary(kv => kv.Key, kv => (object)kv.Value)),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Renders parameters as canonical JSON (sorted keys), e.g. for provenance columns.</summary>
    public static string ParametersJson(IReadOnlyDictionary<string, object> parameters) => ToObject(parameters).ToJsonString();

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, object> map => ToObject(map),
        IDictionary<string, object> map => ToObject(map.AsReadOnly()),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        _ => throw new ArgumentException($"Unsupported parameter type {value.GetType().Name} in a fingerprint."),
    };

    private static JsonObject ToObject(IReadOnlyDictionary<string, object> map)
    {
        var obj = new JsonObject();
        foreach (var key in map.Keys.Order(StringComparer.Ordinal)) obj[key] = ToNode(map[key]);
        return obj;
    }
}
