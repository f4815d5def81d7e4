using System.Buffers.Binary;
using System.IO.Compression;

namespace GrokUnlearn.Data;

/// <summary>
/// LeCun's IDX format (MNIST, Fashion-MNIST), plain or gzip-compressed: a big-endian header (0, 0, type 0x08 = ubyte,
/// number of dimensions), the dimension sizes as big-endian int32, then the data. Images are idx3 (N × rows × cols),
/// labels idx1 (N).
/// </summary>
public static class IdxReader
{
    public static (int Count, int Rows, int Cols, byte[] Pixels) ReadImages(string path)
    {
        var (dims, data) = Read(path, expectedDims: 3);
        return (dims[0], dims[1], dims[2], data);
    }

    public static int[] ReadLabels(string path)
    {
        var (_, data) = Read(path, expectedDims: 1);
        return data.Select(b => (int)b).ToArray();
    }

    /// <summary>Reads the whole file; a wrong magic, type, dimension count or length is an error naming the file.</summary>
    public static (int[] Dims, byte[] Data) Read(string path, int expectedDims)
    {
        byte[] bytes;
        try
        {
            bytes = ReadMaybeGzip(path);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: not a readable gzip stream ({ex.Message}).", ex);
        }
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (the magic number must start with two zero bytes).");
        if (bytes[2] != 0x08)
            throw new InvalidDataException($"{path}: IDX data type 0x{bytes[2]:x2} is not supported; allowed: 0x08 (unsigned byte).");
        if (bytes[3] != expectedDims)
            throw new InvalidDataException($"{path}: IDX file has {bytes[3]} dimension(s); expected {expectedDims} ({(expectedDims == 3 ? "images" : "labels")}).");
        var header = 4 + 4 * expectedDims;
        if (bytes.Length < header) throw new InvalidDataException($"{path}: IDX header is truncated.");
        var dims = new int[expectedDims];
        long expected = 1;
        for (var d = 0; d < expectedDims; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] <= 0) throw new InvalidDataException($"{path}: IDX dimension {d} is {dims[d]}; expected a positive size.");
            expected *= dims[d];
        }
        if (bytes.Length - header != expected)
            throw new InvalidDataException($"{path}: IDX body has {bytes.Length - header} bytes; the header promises {expected} (truncated or corrupt file).");
        return (dims, bytes[header..]);
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }
}
