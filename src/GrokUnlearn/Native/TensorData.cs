using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace GrokUnlearn.Native;

/// <summary>
/// Where a tensor's first element lives (storage plus offset), on any device: libtorch's <c>data_ptr</c>, which TorchSharp
/// exposes only through CPU byte spans. Used to tell whether a tensor is still a given view of a buffer.
/// </summary>
public static class TensorData
{
    [DllImport("LibTorchSharp")]
    private static extern nint THSTensor_data(nint handle);

    public static nint Pointer(Tensor tensor)
    {
        var pointer = THSTensor_data(tensor.Handle);
        if (pointer == 0) CheckForErrors();
        return pointer;
    }
}
