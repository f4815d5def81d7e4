using System.Text.Json.Serialization;

namespace GrokUnlearn.Training;

/// <summary>
/// The manifest row of one saved checkpoint (artifacts/train/&lt;cell&gt;/checkpoints.parquet): which selection it is
/// (fit, pre, grok, final), where it is, and its content hash. Later stages read checkpoints only through this table.
/// </summary>
public sealed class CheckpointRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("recipe")] public string Recipe { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    /// <summary>fit | pre | grok | final.</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("checkpoint_step")] public int Step { get; set; }
    [JsonPropertyName("train_acc")] public double TrainAcc { get; set; }
    [JsonPropertyName("test_acc")] public double TestAcc { get; set; }
    /// <summary>Path relative to the cell folder.</summary>
    [JsonPropertyName("file")] public string File { get; set; } = "";
    [JsonPropertyName("sha256")] public string Sha256 { get; set; } = "";
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
    [JsonPropertyName("state_keys")] public string StateKeys { get; set; } = "";
    [JsonPropertyName("model_spec")] public string ModelSpec { get; set; } = "";
}
