namespace GrokUnlearn.Native;

/// <summary>The libtorch / LibTorchSharp native runtime could not be loaded.</summary>
public sealed class TorchRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
