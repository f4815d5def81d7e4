using GrokUnlearn.Benchmarks;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>
/// A test that runs the PyTorch reference: skipped, with the reason shown, where Debian's python3-torch or OpenBLAS is
/// missing (.ci/run installs both when it runs as root).
/// </summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PyTorchFactAttribute()
    {
        if (!Directory.Exists(BenchmarkStack.OpenBlasDir))
            Skip = $"{BenchmarkStack.OpenBlasDir} is missing (apt-get install libopenblas0-openmp); the PyTorch parity check did not run";
        else if (BenchmarkStack.PyTorchMissing(Python) is { } why)
            Skip = $"{why} The PyTorch parity check did not run.";
    }
}
