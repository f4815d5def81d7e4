using System.Text.Json.Serialization;

namespace GrokUnlearn.Report;

/// <summary>One training run as summarised by the report (artifacts/report/runs.parquet).</summary>
public sealed class ReportRunRow
{
    public const int SchemaVersion = 2;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    /// <summary>The dataset's kind: "modular" or an image dataset (e.g. "fashion-mnist").</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    /// <summary>Modular runs only (empty / 0 for image runs).</summary>
    [JsonPropertyName("op")] public string Op { get; set; } = "";
    [JsonPropertyName("p")] public int P { get; set; }
    [JsonPropertyName("train_fraction")] public double TrainFraction { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("recipe")] public string Recipe { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("steps_trained")] public int StepsTrained { get; set; }
    [JsonPropertyName("train_seconds")] public double TrainSeconds { get; set; }
    [JsonPropertyName("fit_step")] public int? FitStep { get; set; }
    [JsonPropertyName("fit_train_acc")] public double? FitTrainAcc { get; set; }
    [JsonPropertyName("fit_test_acc")] public double? FitTestAcc { get; set; }
    [JsonPropertyName("pre_step")] public int? PreStep { get; set; }
    [JsonPropertyName("pre_train_acc")] public double? PreTrainAcc { get; set; }
    [JsonPropertyName("pre_test_acc")] public double? PreTestAcc { get; set; }
    [JsonPropertyName("grok_step")] public int? GrokStep { get; set; }
    [JsonPropertyName("grok_train_acc")] public double? GrokTrainAcc { get; set; }
    [JsonPropertyName("grok_test_acc")] public double? GrokTestAcc { get; set; }
    [JsonPropertyName("delay_ratio")] public double? DelayRatio { get; set; }
    [JsonPropertyName("grokked")] public bool Grokked { get; set; }
    [JsonPropertyName("train_fingerprint")] public string TrainFingerprint { get; set; } = "";
    /// <summary>The paper protocol's checkpoints (null when the run's selection does not ask for it, or never reached them).</summary>
    [JsonPropertyName("paper_pre_step")] public int? PaperPreStep { get; set; }
    [JsonPropertyName("paper_grok_step")] public int? PaperGrokStep { get; set; }
}
