using System.Diagnostics;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// A software stack the comparison runs: how to start one fresh worker process of it, and the settings it applies inside
/// that process (<paramref name="InProcessSettings"/>; the environment is read from the start info). Ratios are taken
/// against <see cref="PyTorchOpenBlas"/> (as installed) and <see cref="PyTorchOpenBlasTuned"/> (the goal's reference).
/// </summary>
public sealed record BenchmarkStack(string Name, string Description, Func<ProcessStartInfo> StartInfo, string InProcessSettings = "")
{
    public const string TorchSharp = "torchsharp";
    public const string PyTorchOpenBlas = "pytorch-openblas";
    public const string PyTorchOpenBlasTuned = "pytorch-openblas-tuned";
    public const string PyTorchNetlib = "pytorch-netlib";

    /// <summary>Debian's OpenBLAS (OpenMP build) and reference BLAS folders; LD_LIBRARY_PATH picks one for python3-torch.</summary>
    public const string OpenBlasDir = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
    public const string NetlibDir = "/usr/lib/x86_64-linux-gnu/blas";

    /// <summary>This application's own worker verb (a fresh process of the same build).</summary>
    public static BenchmarkStack TorchSharpWorker(string cliDll, string root) => new(TorchSharp, "TorchSharp + libtorch (MKL)", () =>
    {
        var start = new ProcessStartInfo(DotnetHost()) { ArgumentList = { cliDll, "benchmark-worker", "--root", root } };
        return start;
    }, FormattableString.Invariant(
        $"mallopt M_MMAP_THRESHOLD={Native.NativeHeap.MmapThreshold} M_TRIM_THRESHOLD={Native.NativeHeap.TrimThreshold} (NativeHeap); flat-buffer optimizer"));

    /// <summary>Environment variables that change how a stack runs: OpenMP, MKL, OpenBLAS and glibc malloc settings.</summary>
    private static readonly string[] TuningPrefixes = ["OMP_", "GOMP_", "KMP_", "MKL_", "OPENBLAS_", "MALLOC_"];

    /// <summary>
    /// The settings a worker started from <paramref name="start"/> runs with: every tuning variable of its environment
    /// (OMP_WAIT_POLICY named even when unset, as OpenMP's default), then the stack's in-process settings.
    /// </summary>
    public string Settings(ProcessStartInfo start)
    {
        var variables = start.Environment
            .Where(kv => kv.Value is not null && TuningPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
            .Select(kv => $"{kv.Key}={kv.Value}")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!start.Environment.ContainsKey("OMP_WAIT_POLICY")) variables.Insert(0, "OMP_WAIT_POLICY unset (OpenMP default)");
        if (InProcessSettings.Length > 0) variables.Add(InProcessSettings);
        return string.Join("; ", variables);
    }

    /// <summary>Debian's python3-torch running benchmarks/pytorch/worker.py with the BLAS in <paramref name="blasDir"/>.</summary>
    /// <param name="environment">Extra variables for this stack only (the tuned variant's malloc thresholds).</param>
    public static BenchmarkStack PyTorchWorker(string name, string description, string python, string workerScript, string blasDir,
        IReadOnlyDictionary<string, string>? environment = null) =>
        new(name, description, () =>
        {
            var start = new ProcessStartInfo(python) { ArgumentList = { "-u", workerScript } };
            var existing = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            start.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(existing) ? blasDir : $"{blasDir}:{existing}";
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
            return start;
        });

    /// <summary>The dotnet host running this process (DOTNET_HOST_PATH under the SDK), else "dotnet" on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>Null when <paramref name="python"/> imports torch; else why not.</summary>
    public static string? PyTorchMissing(string python)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(python) { ArgumentList = { "-c", "import torch" }, RedirectStandardError = true, RedirectStandardOutput = true });
            if (probe is null) return $"{python} did not start";
            var error = probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null
                : $"{python} cannot import torch ({error.Trim().Split('\n')[^1]}); install it with apt install python3-torch libopenblas0-openmp, or pass --python.";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{python} cannot be started ({ex.Message}); pass --python.";
        }
    }
}
