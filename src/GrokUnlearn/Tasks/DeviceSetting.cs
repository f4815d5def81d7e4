using static TorchSharp.torch;

namespace GrokUnlearn.Tasks;

/// <summary>
/// The profile's <c>device</c>: cpu, cuda, or auto (cuda when libtorch reports a usable GPU, else cpu). Not part of any
/// fingerprint: the same cell computed on another device is the same cell (numbers may differ in the last bits).
/// </summary>
public static class DeviceSetting
{
    public static readonly string[] Names = ["cpu", "cuda", "auto"];

    public static Device Resolve(string setting) => setting switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available() ? CUDA
            : throw new InvalidOperationException("device: cuda was asked for, but libtorch reports no usable CUDA device (is the CUDA build of TorchSharp installed? see README: -p:TorchBackend=cuda)."),
        "auto" => cuda.is_available() ? CUDA : CPU,
        _ => throw new ArgumentException($"unknown device '{setting}'; allowed values: {string.Join(", ", Names)}."),
    };
}
