namespace GrokUnlearn.Config;

/// <summary>A dataset of the profile's <c>datasets</c> section: modular arithmetic or a real image dataset.</summary>
public abstract record DatasetSpec(string Name)
{
    /// <summary>The profile's <c>kind</c> value.</summary>
    public abstract string Kind { get; }

    /// <summary>The values a cell's fingerprint depends on (the name is an identity, not a parameter).</summary>
    public abstract SortedDictionary<string, object> Parameters();
}
