namespace GrokUnlearn.Config;

/// <summary>A profile is invalid. The message names the file, the line, the field path and what is allowed.</summary>
public sealed class ConfigException(string message) : Exception(message);
