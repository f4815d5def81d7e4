using System.Text.Json.Serialization;

namespace GrokUnlearn.Analysis;

/// <summary>
/// One measured number (artifacts/analyze/&lt;cell&gt;/measures.parquet), in long form so every measure shares one
/// schema: what was measured (measure, layer, set, detail) on which state (checkpoint, method; method "none" = before
/// unlearning) of which run.
/// </summary>
public sealed class MeasureRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("train_cell")] public string TrainCell { get; set; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    [JsonPropertyName("recipe")] public string Recipe { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("checkpoint")] public string Checkpoint { get; set; } = "";
    [JsonPropertyName("scenario")] public string Scenario { get; set; } = "";
    /// <summary>"none" before unlearning; otherwise the method whose result was measured.</summary>
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    /// <summary>Measure name, e.g. grad_cosine, local_complexity, cka_linear, hessian_top_eigenvalue.</summary>
    [JsonPropertyName("measure")] public string Measure { get; set; } = "";
    /// <summary>"all" or a layer (embed, hidden.N, head).</summary>
    [JsonPropertyName("layer")] public string Layer { get; set; } = "";
    /// <summary>The inputs: forget, retain, test, random, forget-vs-retain, all-pairs, weights.</summary>
    [JsonPropertyName("set")] public string Set { get; set; } = "";
    /// <summary>What else fixes the number, the same in every cell: a radius, the CKA partner (vs pre / vs before), "matched", "" when nothing.</summary>
    [JsonPropertyName("detail")] public string Detail { get; set; } = "";
    [JsonPropertyName("value")] public double Value { get; set; }
    /// <summary>Wall-clock seconds of the measure group that produced this row (the same for every row of the group).</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; set; }

    /// <summary>Wall-clock measures (…_seconds, the cost ratio): the only values that differ between identical runs.</summary>
    public static bool IsTiming(string measure) =>
        measure.EndsWith("_seconds", StringComparison.Ordinal) || measure.EndsWith("_cost_in_gradients", StringComparison.Ordinal);
}
