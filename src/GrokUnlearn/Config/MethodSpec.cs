namespace GrokUnlearn.Config;

/// <summary>
/// One unlearning method as configured: the optimizer settings every gradient method shares, plus the method's own
/// options (validated against what the method declares, with its documented defaults filled in). A method given a
/// learning-rate grid (<c>lr: [1e-4, 3e-4, 1e-3]</c>) becomes one MethodSpec per grid point, each with its
/// <see cref="GridKey"/> ("lr=3e-4"); the first value listed is the method's primary point.
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
    /// <summary>"" for a method without a grid, else the grid point, e.g. "lr=3e-4".</summary>
    public string GridKey { get; init; } = "";

    /// <summary>
    /// The grid point that stands for the method where only one can run: the first value listed (always true without a
    /// grid). The trajectory, the analyses after unlearning and scenarios outside <c>grid_scenarios</c> use it.
    /// </summary>
    public bool Primary { get; init; } = true;

    public bool IsGridPoint => GridKey.Length > 0;

    /// <summary>What the results, cell ids and report call this point: the method's name, plus "@lr=3e-4" on a grid.</summary>
    public string Label => IsGridPoint ? $"{Name}@{GridKey}" : Name;

    /// <summary>The grid key of a learning rate: "lr=" + <see cref="LrText"/>.</summary>
    public static string LrKey(double lr) => "lr=" + LrText(lr);

    /// <summary>A learning rate written short and exact: 1e-4, 3e-4, 2.5e-3, 0.01, 0.3.</summary>
    public static string LrText(double lr) => lr < 0.01
        ? lr.ToString("0.##########e0", System.Globalization.CultureInfo.InvariantCulture)
        : lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

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
