using System.Text.Json.Serialization;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// The outcome of one unlearn cell (artifacts/unlearn/&lt;cell&gt;/result.parquet). UA/RA/TA are forget/retain/test
/// accuracies; *_before are the starting checkpoint's. The target is the retrain oracle's forget accuracy plus the
/// tolerance; steps_to_target is null when the method never reached it (closest_forget_acc says how near it came).
/// </summary>
public sealed class UnlearnResultRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("train_cell")] public string TrainCell { get; set; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("checkpoint")] public string Checkpoint { get; set; } = "";
    [JsonPropertyName("checkpoint_step")] public int? CheckpointStep { get; set; }
    [JsonPropertyName("scenario")] public string Scenario { get; set; } = "";
    /// <summary>The method, with its learning-rate grid point when it has a grid (e.g. "GA@lr=3e-4"; MethodSpec.Label).</summary>
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    /// <summary>"done", or why the cell had nothing to unlearn (e.g. the run never grokked).</summary>
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("forget_size")] public int ForgetSize { get; set; }
    [JsonPropertyName("updates")] public int Updates { get; set; }
    [JsonPropertyName("ua_before")] public double? UaBefore { get; set; }
    [JsonPropertyName("ra_before")] public double? RaBefore { get; set; }
    [JsonPropertyName("ta_before")] public double? TaBefore { get; set; }
    [JsonPropertyName("ua")] public double? Ua { get; set; }
    [JsonPropertyName("ra")] public double? Ra { get; set; }
    [JsonPropertyName("ta")] public double? Ta { get; set; }
    [JsonPropertyName("oracle_ua")] public double? OracleUa { get; set; }
    [JsonPropertyName("oracle_ra")] public double? OracleRa { get; set; }
    [JsonPropertyName("oracle_ta")] public double? OracleTa { get; set; }
    [JsonPropertyName("target_ua")] public double? TargetUa { get; set; }
    [JsonPropertyName("steps_to_target")] public int? StepsToTarget { get; set; }
    [JsonPropertyName("closest_ua")] public double? ClosestUa { get; set; }
    [JsonPropertyName("mia_before")] public double? MiaBefore { get; set; }
    [JsonPropertyName("mia")] public double? Mia { get; set; }
    [JsonPropertyName("oracle_mia")] public double? OracleMia { get; set; }
    [JsonPropertyName("ues")] public double? Ues { get; set; }
    [JsonPropertyName("ues_unstable")] public bool UesUnstable { get; set; }
    [JsonPropertyName("seconds")] public double Seconds { get; set; }
    [JsonPropertyName("hyperparameters")] public string Hyperparameters { get; set; } = "";

    /// <summary>A copy under another method label (the report's summary of a learning-rate grid: "GA@lr=3e-4" → "GA").</summary>
    public UnlearnResultRow WithMethod(string method)
    {
        var copy = (UnlearnResultRow)MemberwiseClone();
        copy.Method = method;
        return copy;
    }
}
