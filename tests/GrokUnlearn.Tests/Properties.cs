global using Xunit;

// Torch tests share libtorch's process-global thread pool and RNG state; run them one at a time.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
