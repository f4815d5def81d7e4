global using Xunit;

// Two test classes at a time (2 cores). Tests that touch libtorch share its process-global thread pool and
// run one at a time in the "torch" collection (Fixtures/TorchCollection.cs).
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
