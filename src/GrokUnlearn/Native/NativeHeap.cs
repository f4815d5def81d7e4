using System.Runtime.InteropServices;

namespace GrokUnlearn.Native;

/// <summary>
/// Keeps libtorch's buffers in a heap that is reused step after step: no page faults per step, no growth.
/// </summary>
/// <remarks>
/// glibc serves allocations above a threshold (128 KiB, raised dynamically up to 32 MiB) with fresh mappings and
/// returns memory above 128 KiB at the top of the heap to the system, so a step whose activations are a few MiB each
/// page-faults them in again every step (about 3,000 faults per step on the small CNN workload, 12 MB of zeroing).
/// <see cref="Configure"/> fixes the mapping threshold at glibc's maximum and keeps up to 256 MiB of free heap
/// (the same as MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456): the faults go to ~0 and the
/// small CNN trains ~15% faster.
/// <para>
/// A DisposeScope frees every tensor of a step, but not the Scalars TorchSharp creates implicitly from doubles
/// (mul_(β), add_(g, alpha), addcdiv_(…, value) — its own optimizers pass several per parameter per step): those are
/// freed only by their finalizers. A training loop allocates so little managed memory that the GC hardly runs, so the
/// small native Scalars pile up between the large activation buffers; glibc cannot coalesce the freed buffers around
/// them, the heap grows by about one step's activations per step (6 GB within two minutes on the full-batch modular
/// workload), and after a while every step page-faults fresh memory (34 instead of 55 steps/s). A gen-0 collection
/// every few steps (<see cref="AfterStep"/>) runs those finalizers. Both measured with `./build.sh --target=Benchmark`.
/// </para>
/// </remarks>
public static class NativeHeap
{
    public const int SweepEvery = 10;
    public const int MmapThreshold = 32 << 20;
    public const int TrimThreshold = 256 << 20;
    private const int MTrimThreshold = -1, MMmapThreshold = -3;

    /// <summary>Sets glibc's thresholds (once, before libtorch allocates); true when applied. Elsewhere (not glibc) a no-op.</summary>
    public static bool Configure()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MMmapThreshold, MmapThreshold) == 1 && mallopt(MTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // musl and others: their allocator, their defaults
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    /// <summary>Call after each optimizer step (1-based): every <see cref="SweepEvery"/> steps, <see cref="Sweep"/>.</summary>
    public static void AfterStep(int step)
    {
        if (step % SweepEvery == 0) Sweep();
    }

    /// <summary>Collects generation 0 and waits for its finalizers, which free the native objects of dead Scalars.</summary>
    public static void Sweep()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}
