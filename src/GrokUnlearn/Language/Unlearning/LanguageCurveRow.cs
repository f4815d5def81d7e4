using System.Text.Json.Serialization;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>One evaluation during language unlearning (lm-curve.parquet): teacher-forced forget / retain ES and probability.</summary>
public sealed class LanguageCurveRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    [JsonPropertyName("checkpoint")] public string Checkpoint { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("updates")] public int Updates { get; set; }
    [JsonPropertyName("loss")] public double Loss { get; set; }
    [JsonPropertyName("forget_es")] public double ForgetEs { get; set; }
    [JsonPropertyName("forget_prob")] public double ForgetProb { get; set; }
    [JsonPropertyName("retain_es")] public double RetainEs { get; set; }
    [JsonPropertyName("retain_prob")] public double RetainProb { get; set; }
}
