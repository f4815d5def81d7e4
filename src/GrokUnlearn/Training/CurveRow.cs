using System.Text.Json.Serialization;

namespace GrokUnlearn.Training;

/// <summary>One evaluation of a training run (artifacts/train/&lt;cell&gt;/curve.parquet).</summary>
public sealed class CurveRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("step")] public int Step { get; set; }
    [JsonPropertyName("train_loss")] public double TrainLoss { get; set; }
    [JsonPropertyName("train_acc")] public double TrainAcc { get; set; }
    [JsonPropertyName("test_loss")] public double TestLoss { get; set; }
    [JsonPropertyName("test_acc")] public double TestAcc { get; set; }
    /// <summary>Validation loss and accuracy (what checkpoint selection reads); null when the dataset has no validation split.</summary>
    [JsonPropertyName("val_loss")] public double? ValLoss { get; set; }
    [JsonPropertyName("val_acc")] public double? ValAcc { get; set; }
    [JsonPropertyName("weight_norm")] public double WeightNorm { get; set; }

    /// <summary>The accuracy checkpoint selection reads: validation when the run has a validation split, else test.</summary>
    [JsonIgnore] public double SelectionAcc => ValAcc ?? TestAcc;
    /// <summary>Wall-clock seconds of training (excluding evaluation) up to this step; not part of determinism.</summary>
    [JsonPropertyName("train_seconds")] public double TrainSeconds { get; set; }
}
