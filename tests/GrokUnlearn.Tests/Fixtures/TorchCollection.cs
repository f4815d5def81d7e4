using GrokUnlearn.Native;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>Loads libtorch once for all tests that train or touch tensors, and serialises them.</summary>
public sealed class TorchFixture
{
    public TorchFixture() => Runtime = TorchRuntime.EnsureLoaded();

    public TorchRuntimeInfo Runtime { get; }
}

[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>
{
    public const string Name = "torch";
}
