namespace GrokUnlearn.Language;

/// <summary>A TOFU file that cannot be read as its split requires; the message names the file and line.</summary>
public sealed class TofuFormatException(string message) : Exception(message);
