using System.Collections.Concurrent;
using TorchSharp;

namespace GrokUnlearn.Native;

/// <summary>
/// Scalars that live as long as the process. TorchSharp 0.107 turns a number passed where libtorch wants a Scalar
/// (<c>x + y</c> is <c>add(y, 1)</c>, <c>masked_fill(m, -inf)</c>, <c>x / 2.0</c>) into a temporary Scalar, reads its
/// native handle and calls libtorch while nothing keeps the managed object alive: a garbage collection during the call
/// can run its finalizer and free the handle mid-call. It shows as <c>c10::Scalar::toFloat … Expected false to be
/// true</c> (seen in THSTensor_add and THSTensor_masked_fill, in language cells, about once in a few thousand). Hot
/// paths pass these instead; the values and the results are the same.
/// </summary>
public static class KeptScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    /// <summary>The Scalar of a double, created once and never freed (a handful of distinct values per process).</summary>
    public static Scalar Of(double value) => Cache.GetOrAdd(value, v => v.ToScalar());

    public static Scalar One { get; } = Of(1.0);

    public static Scalar NegativeInfinity { get; } = Of(double.NegativeInfinity);
}
