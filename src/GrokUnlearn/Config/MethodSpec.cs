namespace GrokUnlearn.Config;

/// <summary>
/// One unlearning method as configured: the optimizer settings every gradient method shares, plus the method's own
/// options (validated against what the method declares, with its documented defaults filled in).
/// </summary>
public sealed record MethodSpec(
    string Name,
    string Optimizer,
    double Lr,
    double Momentum,
    double WeightDecay,
    int Steps,
    IReadOnlyDictionary<string, double> Options)
{
    public double Option(string key) => Options.TryGetValue(key, out var v)
        ? v
        : throw new KeyNotFoundException($"method {Name} has no option '{key}'.");

    public SortedDictionary<string, object> Parameters()
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["method"] = Name,
            ["optimizer"] = Optimizer,
            ["lr"] = Lr,
            ["momentum"] = Momentum,
            ["weight_decay"] = WeightDecay,
            ["steps"] = Steps,
        };
        foreach (var (k, v) in Options) p[$"option.{k}"] = v;
        return p;
    }
}
