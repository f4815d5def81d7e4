using System.Text.Json.Serialization;

namespace GrokUnlearn.Unlearning;

/// <summary>The state of an unlearning run after some updates (artifacts/unlearn/&lt;cell&gt;/curve.parquet); row 0 is the starting checkpoint.</summary>
public sealed class UnlearnCurveRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    [JsonPropertyName("checkpoint")] public string Checkpoint { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("updates")] public int Updates { get; set; }
    [JsonPropertyName("forget_acc")] public double ForgetAcc { get; set; }
    [JsonPropertyName("retain_acc")] public double RetainAcc { get; set; }
    [JsonPropertyName("test_acc")] public double TestAcc { get; set; }
    [JsonPropertyName("forget_loss")] public double ForgetLoss { get; set; }
    [JsonPropertyName("retain_loss")] public double RetainLoss { get; set; }
}
