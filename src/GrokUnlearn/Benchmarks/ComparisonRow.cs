using System.Text.Json.Serialization;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// One stack × workload × measure of the PyTorch comparison (artifacts/benchmark/comparison.parquet). Measures: "step"
/// (training steps), "step_same_batch" and "hvp" (workload E), "matmul" (the float32 2048² peak, workload "peak").
/// </summary>
public sealed class ComparisonRow
{
    public const int SchemaVersion = 2;

    [JsonPropertyName("workload")] public string Workload { get; set; } = "";
    [JsonPropertyName("title")] public string Title { get; set; } = "";
    [JsonPropertyName("stack")] public string Stack { get; set; } = "";
    [JsonPropertyName("version")] public string Version { get; set; } = "";
    /// <summary>The BLAS the process mapped (PyTorch) or "MKL (in libtorch)" (TorchSharp).</summary>
    [JsonPropertyName("blas")] public string Blas { get; set; } = "";
    [JsonPropertyName("threads")] public int Threads { get; set; }

    /// <summary>What the stack ran with: its OpenMP / MKL / OpenBLAS / malloc environment and in-process settings (schema 2).</summary>
    [JsonPropertyName("settings")] public string Settings { get; set; } = "";
    [JsonPropertyName("measure")] public string Measure { get; set; } = "";
    /// <summary>"measured", or why not (workload not built, stack missing, worker error).</summary>
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("batch")] public int Batch { get; set; }
    [JsonPropertyName("parameters")] public long Parameters { get; set; }
    [JsonPropertyName("rounds")] public int Rounds { get; set; }
    [JsonPropertyName("steps_per_round")] public int StepsPerRound { get; set; }
    /// <summary>Median over rounds (operations per second: steps, HVPs or matmuls).</summary>
    [JsonPropertyName("per_second")] public double PerSecond { get; set; }
    [JsonPropertyName("first_round_per_second")] public double FirstRoundPerSecond { get; set; }
    [JsonPropertyName("min_per_second")] public double MinPerSecond { get; set; }
    [JsonPropertyName("max_per_second")] public double MaxPerSecond { get; set; }
    [JsonPropertyName("minor_faults_per_op")] public double MinorFaultsPerOp { get; set; }
    /// <summary>Counted FLOPs per operation (<see cref="FlopCount"/>); 0 where not counted.</summary>
    [JsonPropertyName("gflop_per_op")] public double GflopPerOp { get; set; }
    [JsonPropertyName("gflops")] public double Gflops { get; set; }
    /// <summary>Achieved GFLOP/s as a percentage of the best matmul peak measured in the same run (any stack).</summary>
    [JsonPropertyName("percent_of_peak")] public double PercentOfPeak { get; set; }
    /// <summary>This stack's rate over the fair reference's (PyTorch + OpenBLAS) in the same run; 0 when there is none.</summary>
    [JsonPropertyName("ratio_vs_reference")] public double RatioVsReference { get; set; }
    /// <summary>This stack's rate over PyTorch + OpenBLAS given GrokUnlearn's malloc thresholds; 0 when not run.</summary>
    [JsonPropertyName("ratio_vs_tuned")] public double RatioVsTuned { get; set; }
    /// <summary>HVP rows: how many training steps on the same batch one HVP costs (step rate / HVP rate).</summary>
    [JsonPropertyName("cost_in_steps")] public double CostInSteps { get; set; }
    /// <summary>Same numbers from the same inputs: "passed (max relative difference …)", "failed (…)" or "not run (…)".</summary>
    [JsonPropertyName("parity")] public string Parity { get; set; } = "";
}
