using System.Text.Json.Serialization;

namespace GrokUnlearn.Tasks;

/// <summary>One training pair's role in a scenario (artifacts/data/&lt;dataset&gt;/forget-&lt;scenario&gt;.parquet).</summary>
public sealed class ForgetSplitRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("c")] public int C { get; set; }
    /// <summary>"forget" or "retain".</summary>
    [JsonPropertyName("role")] public string Role { get; set; } = "";
}
