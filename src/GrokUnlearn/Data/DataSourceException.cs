namespace GrokUnlearn.Data;

/// <summary>A dataset file could not be obtained from any source, or a download was rejected (checksum, HTTP status).</summary>
public sealed class DataSourceException(string message, Exception? inner = null) : Exception(message, inner);
