using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GrokUnlearn.Config;

/// <summary>
/// A YAML node with its file and field path, so every binding error can say exactly where it is and what is allowed.
/// Mappings must be consumed completely: <see cref="RejectUnknownKeys"/> reports any key nobody asked for.
/// </summary>
public sealed class ConfigNode
{
    private readonly YamlNode _node;
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    public ConfigNode(string file, string path, YamlNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }
    public string Path { get; }

    public ConfigException Error(string message) =>
        new($"{File}:{_node.Start.Line}:{_node.Start.Column}: {(Path.Length == 0 ? "(root)" : Path)}: {message}");

    private YamlMappingNode Mapping => _node as YamlMappingNode ?? throw Error("expected a mapping (key: value pairs).");

    public IEnumerable<string> Keys => Mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    public bool Has(string key) => Mapping.Children.ContainsKey(new YamlScalarNode(key));

    public ConfigNode Child(string key)
    {
        _consumed.Add(key);
        if (!Mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            throw Error($"required field '{key}' is missing.");
        return new ConfigNode(File, Join(key), child);
    }

    /// <summary>Children of a mapping whose keys are user-chosen names (datasets, models, recipes).</summary>
    public IReadOnlyList<(string Name, ConfigNode Node)> NamedChildren()
    {
        var list = new List<(string, ConfigNode)>();
        foreach (var (k, v) in Mapping.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            if (!IsIdentifier(name))
                throw Error($"name '{name}' is not allowed; use letters, digits, '-' and '_' only (it becomes part of artifact paths).");
            _consumed.Add(name);
            list.Add((name, new ConfigNode(File, Join(name), v)));
        }
        return list;
    }

    public IReadOnlyList<ConfigNode> Items()
    {
        if (_node is not YamlSequenceNode seq) throw Error("expected a list.");
        return seq.Children.Select((c, i) => new ConfigNode(File, $"{Path}[{i}]", c)).ToList();
    }

    public void RejectUnknownKeys()
    {
        var unknown = Keys.Where(k => !_consumed.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw Error($"unknown field '{unknown[0]}'; allowed fields: {string.Join(", ", _consumed.Order(StringComparer.Ordinal))}.");
    }

    public string Scalar()
    {
        if (_node is not YamlScalarNode s || s.Value is null) throw Error("expected a single value.");
        return s.Value;
    }

    public string String(string key, string? fallback = null) =>
        Has(key) || fallback is null ? Child(key).Scalar() : Consume(key, fallback);

    public string Choice(string key, IReadOnlyList<string> allowed, string? fallback = null)
    {
        var value = String(key, fallback);
        if (!allowed.Contains(value))
            throw ChildError(key, $"'{value}' is not allowed; allowed values: {string.Join(", ", allowed)}.");
        return value;
    }

    public int Int(string key, int min, int max, int? fallback = null)
    {
        if (!Has(key) && fallback is not null) return Consume(key, fallback.Value);
        var node = Child(key);
        var text = node.Scalar();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw node.Error($"'{text}' is not an integer; allowed: an integer in [{min}, {max}].");
        if (v < min || v > max) throw node.Error($"{v} is out of range; allowed: an integer in [{min}, {max}].");
        return v;
    }

    public double Double(string key, double min, double max, double? fallback = null, bool minExclusive = false)
    {
        if (!Has(key) && fallback is not null) return Consume(key, fallback.Value);
        var node = Child(key);
        var text = node.Scalar();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw node.Error($"'{text}' is not a number; allowed: a number in {Range(min, max, minExclusive)}.");
        if (v < min || v > max || (minExclusive && v == min))
            throw node.Error($"{text} is out of range; allowed: a number in {Range(min, max, minExclusive)}.");
        return v;
    }

    public bool Bool(string key, bool fallback)
    {
        if (!Has(key)) return Consume(key, fallback);
        var node = Child(key);
        return node.Scalar() switch
        {
            "true" => true,
            "false" => false,
            var text => throw node.Error($"'{text}' is not allowed; allowed values: true, false."),
        };
    }

    public IReadOnlyList<int> IntList(string key, int min, int max, int minCount = 1)
    {
        var node = Child(key);
        var items = node.Items();
        var result = new List<int>();
        foreach (var item in items)
        {
            var text = item.Scalar();
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                throw item.Error($"'{text}' is not allowed; allowed: an integer in [{min}, {max}].");
            result.Add(v);
        }
        if (result.Count < minCount) throw node.Error($"expected at least {minCount} item(s).");
        return result;
    }

    public IReadOnlyList<double> DoubleList(string key, double min, double max, IReadOnlyList<double>? fallback = null, bool minExclusive = false)
    {
        if (!Has(key) && fallback is not null) return Consume(key, fallback);
        var node = Child(key);
        var result = new List<double>();
        foreach (var item in node.Items())
        {
            var text = item.Scalar();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) ||
                v < min || v > max || (minExclusive && v == min))
                throw item.Error($"'{text}' is not allowed; allowed: a number in {Range(min, max, minExclusive)}.");
            result.Add(v);
        }
        if (result.Count == 0) throw node.Error("expected at least 1 item.");
        return result;
    }

    /// <summary>A number or a list of distinct numbers (a grid): <c>lr: 0.001</c> or <c>lr: [0.0001, 0.001]</c>.</summary>
    public IReadOnlyList<double> DoubleOrList(string key, double min, double max, double fallback)
    {
        if (!Has(key) || Mapping.Children[new YamlScalarNode(key)] is not YamlSequenceNode) return [Double(key, min, max, fallback)];
        var values = DoubleList(key, min, max);
        if (values.Distinct().Count() != values.Count)
            throw Child(key).Error($"values repeat; allowed: distinct numbers in {Range(min, max, false)}.");
        return values;
    }

    public ConfigException ChildError(string key, string message) =>
        Has(key) ? Child(key).Error(message) : Error($"{key}: {message}");

    private T Consume<T>(string key, T value)
    {
        _consumed.Add(key);
        return value;
    }

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static string Range(double min, double max, bool minExclusive) =>
        $"{(minExclusive ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]";

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
