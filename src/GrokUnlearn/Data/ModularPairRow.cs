using System.Text.Json.Serialization;

namespace GrokUnlearn.Data;

/// <summary>One row of a modular-arithmetic dataset table (artifacts/data/&lt;dataset&gt;/pairs.parquet).</summary>
public sealed class ModularPairRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("a")] public int A { get; set; }
    [JsonPropertyName("b")] public int B { get; set; }
    [JsonPropertyName("c")] public int C { get; set; }
    /// <summary>"train" or "test".</summary>
    [JsonPropertyName("split")] public string Split { get; set; } = "";
}
