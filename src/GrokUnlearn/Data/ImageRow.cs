using System.Text.Json.Serialization;

namespace GrokUnlearn.Data;

/// <summary>
/// One image of an image dataset's persisted split (artifacts/data/&lt;dataset&gt;/images.parquet): where it comes from in the
/// official files, its label, its split here, and its pixels (uint8, C × H × W; the shape is in the table's metadata).
/// </summary>
public sealed class ImageRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("index")] public int Index { get; set; }
    /// <summary>"train" or "test": the official split the image comes from.</summary>
    [JsonPropertyName("source_split")] public string SourceSplit { get; set; } = "";
    /// <summary>Position of the image in its official split.</summary>
    [JsonPropertyName("source_index")] public int SourceIndex { get; set; }
    [JsonPropertyName("label")] public int Label { get; set; }
    /// <summary>Checkpoint selection's held-out images: carved from the official training split, never trained on.</summary>
    public const string Validation = "validation";

    /// <summary>"train", "test" or "validation" here (the training subset, the evaluation subset, the selection subset).</summary>
    [JsonPropertyName("split")] public string Split { get; set; } = "";
    [JsonPropertyName("pixels")] public byte[] Pixels { get; set; } = [];
}
