namespace GrokUnlearn.Native;

/// <summary>
/// Keeps the native heap flat in long training loops.
/// </summary>
/// <remarks>
/// A DisposeScope frees every tensor of a step, but not the Scalars TorchSharp creates implicitly from doubles
/// (mul_(β), add_(g, alpha), addcdiv_(…, value) — its own optimizers pass several per parameter per step): those are
/// freed only by their finalizers. A training loop allocates so little managed memory that the GC hardly runs, so the
/// small native Scalars pile up between the large activation buffers; glibc cannot coalesce the freed buffers around
/// them, the heap grows by about one step's activations per step (6 GB within two minutes on the full-batch modular
/// workload), and after a while every step page-faults fresh memory (34 instead of 55 steps/s). A gen-0 collection
/// every few steps runs those finalizers; measured in `./build.sh --target=Benchmark` (issue 8).
/// </remarks>
public static class NativeHeap
{
    public const int SweepEvery = 10;

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
