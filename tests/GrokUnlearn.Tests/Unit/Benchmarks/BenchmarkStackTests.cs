using System.Diagnostics;
using GrokUnlearn.Benchmarks;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

public sealed class BenchmarkStackTests
{
    [Fact]
    public void Settings_Should_List_The_Tuning_Variables_Of_The_Worker_Environment_And_The_In_Process_Settings()
    {
        var stack = new BenchmarkStack("s", "a stack", () => new ProcessStartInfo("true"), "mallopt M_MMAP_THRESHOLD=1");
        var start = new ProcessStartInfo("true");
        foreach (var key in start.Environment.Keys.ToList()) start.Environment.Remove(key);
        start.Environment["PATH"] = "/usr/bin";
        start.Environment["OMP_NUM_THREADS"] = "2";
        start.Environment["MALLOC_TRIM_THRESHOLD_"] = "268435456";
        start.Environment["MKL_ENABLE_INSTRUCTIONS"] = "AVX2";

        Assert.Equal("OMP_WAIT_POLICY unset (OpenMP default); MALLOC_TRIM_THRESHOLD_=268435456; MKL_ENABLE_INSTRUCTIONS=AVX2; " +
            "OMP_NUM_THREADS=2; mallopt M_MMAP_THRESHOLD=1", stack.Settings(start));

        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        Assert.StartsWith("MALLOC_TRIM_THRESHOLD_=268435456; MKL_ENABLE_INSTRUCTIONS=AVX2; OMP_NUM_THREADS=2; OMP_WAIT_POLICY=PASSIVE;", stack.Settings(start));
    }
}
