namespace GrokUnlearn.Config;

/// <summary>A model of the profile's <c>models</c> section. InitScale multiplies every initial parameter (Omnigrok's α).</summary>
public abstract record ModelSpec(string Name, double InitScale)
{
    /// <summary>The profile's <c>kind</c> value.</summary>
    public abstract string Kind { get; }

    /// <summary>True for models that read images (mlp, cnn, resnet18); false for the modular-arithmetic embedding MLP.</summary>
    public abstract bool ReadsImages { get; }

    public abstract SortedDictionary<string, object> Parameters();
}
