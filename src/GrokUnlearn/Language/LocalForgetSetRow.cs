using System.Text.Json.Serialization;

namespace GrokUnlearn.Language;

/// <summary>One member of a local-grokking forget set (artifacts/unlearn/&lt;run&gt;__local-grokking/forget-sets.parquet).</summary>
public sealed class LocalForgetSetRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    /// <summary>The set's name, e.g. grokked-n9-d1 (kind, size, draw).</summary>
    [JsonPropertyName("set")] public string Set { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("size")] public int Size { get; set; }
    [JsonPropertyName("draw")] public int Draw { get; set; }
    [JsonPropertyName("index")] public int Index { get; set; }
}
