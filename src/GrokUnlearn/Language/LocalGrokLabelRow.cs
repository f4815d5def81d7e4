using System.Text.Json.Serialization;

namespace GrokUnlearn.Language;

/// <summary>
/// One trained author question's local-grokking label (artifacts/unlearn/&lt;run&gt;__local-grokking/labels.parquet):
/// its loss at the candidate and final evaluations of the run, the drop between them, the label, and the question and
/// answer lengths the "easy examples" control (the paper's Table 12) compares.
/// </summary>
public sealed class LocalGrokLabelRow
{
    public const int SchemaVersion = 1;

    [JsonPropertyName("schema_version")] public int Schema { get; set; } = SchemaVersion;
    [JsonPropertyName("run")] public string Run { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("author")] public int Author { get; set; }
    [JsonPropertyName("question")] public string Question { get; set; } = "";
    [JsonPropertyName("answer")] public string Answer { get; set; } = "";
    [JsonPropertyName("question_chars")] public int QuestionChars { get; set; }
    [JsonPropertyName("answer_chars")] public int AnswerChars { get; set; }
    [JsonPropertyName("question_words")] public int QuestionWords { get; set; }
    [JsonPropertyName("answer_words")] public int AnswerWords { get; set; }
    [JsonPropertyName("candidate_step")] public int CandidateStep { get; set; }
    [JsonPropertyName("final_step")] public int FinalStep { get; set; }
    [JsonPropertyName("candidate_loss")] public double CandidateLoss { get; set; }
    [JsonPropertyName("final_loss")] public double FinalLoss { get; set; }
    /// <summary>candidate_loss − final_loss.</summary>
    [JsonPropertyName("drop")] public double Drop { get; set; }
    /// <summary>grokked | ungrokked | neither.</summary>
    [JsonPropertyName("label")] public string Label { get; set; } = "";
}
