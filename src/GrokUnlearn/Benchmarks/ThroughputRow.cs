using System.Text.Json.Serialization;

namespace GrokUnlearn.Benchmarks;

/// <summary>One workload of the training-throughput benchmark (artifacts/benchmark/throughput.parquet).</summary>
public sealed class ThroughputRow
{
    public const int SchemaVersion = 2;

    [JsonPropertyName("profile")] public string Profile { get; set; } = "";
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("model_kind")] public string ModelKind { get; set; } = "";
    [JsonPropertyName("recipe")] public string Recipe { get; set; } = "";
    /// <summary>Inputs per step (the whole training set for full-batch recipes).</summary>
    [JsonPropertyName("batch")] public int Batch { get; set; }
    [JsonPropertyName("input_shape")] public string InputShape { get; set; } = "";
    [JsonPropertyName("parameters")] public long Parameters { get; set; }
    [JsonPropertyName("threads")] public int Threads { get; set; }
    [JsonPropertyName("warmup_steps")] public int WarmupSteps { get; set; }
    [JsonPropertyName("steps_per_round")] public int StepsPerRound { get; set; }
    [JsonPropertyName("rounds")] public int Rounds { get; set; }
    /// <summary>Median over rounds.</summary>
    [JsonPropertyName("steps_per_second")] public double StepsPerSecond { get; set; }
    [JsonPropertyName("ms_per_step")] public double MsPerStep { get; set; }
    /// <summary>Slowest and fastest round, for the spread.</summary>
    [JsonPropertyName("min_steps_per_second")] public double MinStepsPerSecond { get; set; }
    [JsonPropertyName("max_steps_per_second")] public double MaxStepsPerSecond { get; set; }
    [JsonPropertyName("eval_every")] public int EvalEvery { get; set; }
    /// <summary>One evaluation as the Train stage runs it (loss and accuracy on the run's training and test set sizes,
    /// weight norm) plus one weight snapshot; median of the rounds.</summary>
    [JsonPropertyName("eval_seconds")] public double EvalSeconds { get; set; }
    /// <summary>Evaluation's share of a training run: eval / (eval + eval_every × step time).</summary>
    [JsonPropertyName("eval_share")] public double EvalShare { get; set; }
}
