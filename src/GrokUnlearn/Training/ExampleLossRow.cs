using System.Text.Json.Serialization;

namespace GrokUnlearn.Training;

/// <summary>
/// One training example's loss at one evaluation of a run (artifacts/train/&lt;cell&gt;/example-loss.parquet): the curve
/// of per-example losses the local-grokking labels are read from (the paper's Table 2 design). Loss is the mean
/// next-token cross-entropy over the example's answer tokens; correct = every answer token right.
/// </summary>
public sealed class ExampleLossRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("step")] public int Step { get; set; }
    /// <summary>The example's row index in the dataset table (a language task: the question id).</summary>
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("loss")] public double Loss { get; set; }
    [JsonPropertyName("correct")] public bool Correct { get; set; }
}
