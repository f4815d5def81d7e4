namespace GrokUnlearn.Pipeline;

/// <summary>
/// The only place that knows the artifacts/ layout. Stages meet through these paths and nothing else (inside a run's
/// work/ folder, which only exists while it trains, the Trainer names its own resume and snapshot files).
/// </summary>
public sealed class ArtifactStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string DataDir(string dataset) => Path.Combine(Root, "data", dataset);
    public string DataTable(string dataset) => Path.Combine(DataDir(dataset), "pairs.parquet");
    /// <summary>An image dataset's persisted training and evaluation subsets, pixels included.</summary>
    public string QaTable(string dataset) => Path.Combine(DataDir(dataset), "qa.parquet");

    public string LanguageResultTable(string cellId) => Path.Combine(UnlearnDir(cellId), "lm-result.parquet");
    public string LanguageCurveTable(string cellId) => Path.Combine(UnlearnDir(cellId), "lm-curve.parquet");

    public string ImageTable(string dataset) => Path.Combine(DataDir(dataset), "images.parquet");
    /// <summary>Downloaded dataset files, verified against their published checksums; kept across runs and profiles.</summary>
    public string DownloadsDir => Path.Combine(Root, "downloads");

    /// <summary>Training-throughput benchmark results of a profile.</summary>
    public string BenchmarkTable(string profile) => Path.Combine(Root, "benchmark", profile, "throughput.parquet");

    /// <summary>The PyTorch comparison (not per profile: its workloads are fixed).</summary>
    public string ComparisonTable => Path.Combine(Root, "benchmark", "comparison.parquet");

    public string ParityDir => Path.Combine(Root, "benchmark", "parity");

    public string ForgetSplitTable(string dataset, string scenario) => Path.Combine(DataDir(dataset), $"forget-{scenario}.parquet");

    public string UnlearnDir(string cellId) => Path.Combine(Root, "unlearn", cellId);
    public string UnlearnCurveTable(string cellId) => Path.Combine(UnlearnDir(cellId), "curve.parquet");
    public string UnlearnResultTable(string cellId) => Path.Combine(UnlearnDir(cellId), "result.parquet");
    /// <summary>The unlearned model (safetensors), for the Analyze stage and for users who want the model itself.</summary>
    public string UnlearnedModel(string cellId) => Path.Combine(UnlearnDir(cellId), "model.safetensors");

    public string AnalyzeDir(string cellId) => Path.Combine(Root, "analyze", cellId);
    public string MeasureTable(string cellId) => Path.Combine(AnalyzeDir(cellId), "measures.parquet");

    public string TrainDir(string cellId) => Path.Combine(Root, "train", cellId);
    public string CurveTable(string cellId) => Path.Combine(TrainDir(cellId), "curve.parquet");
    public string CheckpointTable(string cellId) => Path.Combine(TrainDir(cellId), "checkpoints.parquet");
    /// <summary>A language run's per-example losses at every evaluation (the local-grokking labels read them).</summary>
    public string ExampleLossTable(string cellId) => Path.Combine(TrainDir(cellId), "example-loss.parquet");
    public string CheckpointsDir(string cellId) => Path.Combine(TrainDir(cellId), "checkpoints");
    public string TrainWorkDir(string cellId) => Path.Combine(TrainDir(cellId), "work");

    /// <summary>One report per profile; data and train cells are shared between profiles that define them identically.</summary>
    public string ReportDir(string profile) => Path.Combine(Root, "report", profile);
    public string ReportTable(string profile) => Path.Combine(ReportDir(profile), "runs.parquet");
    public string FiguresDir(string profile) => Path.Combine(ReportDir(profile), "figures");

    /// <summary>The Slurm executor's rendered scripts and its job log.</summary>
    public string SlurmDir => Path.Combine(Root, "slurm");
    public string SlurmJobLog => Path.Combine(SlurmDir, "jobs.json");

    /// <summary>
    /// Removes temp files left by an interrupted atomic write (they are never read). A temp file names its writer's PID
    /// (AtomicFile, ParquetTable); one whose writer is another live process is a write in flight and stays.
    /// </summary>
    public int DeleteStaleTempFiles()
    {
        if (!Directory.Exists(Root)) return 0;
        var count = 0;
        foreach (var tmp in Directory.EnumerateFiles(Root, "*.tmp*", SearchOption.AllDirectories))
        {
            if (WriterPid(tmp) is { } pid && pid != Environment.ProcessId && IsAlive(pid)) continue;
            File.Delete(tmp);
            count++;
        }
        return count;
    }

    private static int? WriterPid(string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(path), @"\.(\d+)\.tmp");
        return match.Success && int.TryParse(match.Groups[1].Value, out var pid) ? pid : null;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
