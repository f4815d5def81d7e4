using System.Text.Json.Serialization;

namespace GrokUnlearn.Language.Unlearning;

/// <summary>
/// One language unlearn cell's outcome (lm-result.parquet): TOFU's metrics on the forget set, the retain set and world
/// facts after the method, the same before it, forget quality against the retain-only oracle, and the updates needed
/// to bring forget-set Extraction Strength down to the oracle's + tolerance.
/// </summary>
public sealed class LanguageResultRow
{
    public const int SchemaVersion = 2;

    [JsonPropertyName("cell")] public string Cell { get; set; } = "";
    [JsonPropertyName("run")] public string Run { get; set; } = "";
    [JsonPropertyName("seed")] public int Seed { get; set; }
    [JsonPropertyName("checkpoint")] public string Checkpoint { get; set; } = "";
    [JsonPropertyName("checkpoint_step")] public int CheckpointStep { get; set; }
    [JsonPropertyName("forget_split")] public string ForgetSplit { get; set; } = "";
    [JsonPropertyName("forget_questions")] public int ForgetQuestions { get; set; }
    [JsonPropertyName("method")] public string Method { get; set; } = "";
    [JsonPropertyName("hyperparameters")] public string Hyperparameters { get; set; } = "";
    /// <summary>"done", or why the cell has no metrics (e.g. the run never reached its θ_grok).</summary>
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("updates")] public int Updates { get; set; }
    [JsonPropertyName("oracle_forget_es")] public double OracleForgetEs { get; set; }
    [JsonPropertyName("target_forget_es")] public double TargetForgetEs { get; set; }
    /// <summary>First update after which forget ES ≤ target; null when never reached within the budget.</summary>
    [JsonPropertyName("steps_to_target")] public int? StepsToTarget { get; set; }
    [JsonPropertyName("forget_es_before")] public double ForgetEsBefore { get; set; }
    [JsonPropertyName("forget_es")] public double ForgetEs { get; set; }
    [JsonPropertyName("forget_em")] public double ForgetEm { get; set; }
    [JsonPropertyName("forget_prob")] public double ForgetProb { get; set; }
    [JsonPropertyName("forget_rouge")] public double ForgetRouge { get; set; }
    [JsonPropertyName("forget_truth_ratio")] public double ForgetTruthRatio { get; set; }
    /// <summary>KS-test p-value of forget-set truth ratios vs the retain-only oracle's (TOFU's forget quality).</summary>
    [JsonPropertyName("forget_quality")] public double ForgetQuality { get; set; }
    [JsonPropertyName("log10_forget_quality")] public double Log10ForgetQuality { get; set; }
    [JsonPropertyName("forget_quality_before")] public double ForgetQualityBefore { get; set; }
    [JsonPropertyName("retain_es_before")] public double RetainEsBefore { get; set; }
    [JsonPropertyName("retain_es")] public double RetainEs { get; set; }
    /// <summary>Teacher-forced Extraction Strength on the retain set (the rest of the trained author questions), before and after.</summary>
    [JsonPropertyName("retain_set_es_before")] public double RetainSetEsBefore { get; set; }
    [JsonPropertyName("retain_set_es")] public double RetainSetEs { get; set; }
    [JsonPropertyName("retain_prob")] public double RetainProb { get; set; }
    [JsonPropertyName("retain_rouge")] public double RetainRouge { get; set; }
    [JsonPropertyName("retain_truth_ratio_score")] public double RetainTruthRatioScore { get; set; }
    [JsonPropertyName("world_prob")] public double WorldProb { get; set; }
    [JsonPropertyName("world_rouge")] public double WorldRouge { get; set; }
    [JsonPropertyName("world_truth_ratio_score")] public double WorldTruthRatioScore { get; set; }
    /// <summary>Harmonic mean of probability, ROUGE-L and truth-ratio score on retain and world facts.</summary>
    [JsonPropertyName("model_utility")] public double ModelUtility { get; set; }
    [JsonPropertyName("model_utility_before")] public double ModelUtilityBefore { get; set; }
    /// <summary>Exact-match accuracy on held-out templates of retained authors: does generalisation survive?</summary>
    [JsonPropertyName("heldout_acc")] public double HeldOutAcc { get; set; }
    [JsonPropertyName("seconds")] public double Seconds { get; set; }
}
