namespace GrokUnlearn.Unlearning;

/// <summary>A method-specific hyperparameter: its YAML key, documented default and allowed range.</summary>
public sealed record MethodOption(string Key, double Default, double Min, double Max, string Meaning);
