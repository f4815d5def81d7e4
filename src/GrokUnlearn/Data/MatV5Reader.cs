using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GrokUnlearn.Data;

/// <summary>
/// MATLAB Level 5 MAT-files (the format of SVHN's <c>*_32x32.mat</c>): a 128-byte header, then data elements
/// (tag: type + byte count, or the packed "small element" form; 8-byte aligned). miCOMPRESSED elements hold a zlib
/// stream of one miMATRIX element. Numeric arrays are read as doubles (column-major, as stored) with their dimensions.
/// Only what numeric datasets need: real, non-sparse numeric arrays, little-endian files.
/// </summary>
public static class MatV5Reader
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7, MiDouble = 9,
        MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    /// <summary>One variable: its name, dimensions (MATLAB order) and the stored values in column-major order, kept in
    /// their stored type (SVHN's X is 0.2–0.6 GB of bytes; as doubles it would be eight times that).</summary>
    public sealed class Variable(string name, int[] dims, int dataType, byte[] data)
    {
        public string Name { get; } = name;
        public int[] Dims { get; } = dims;
        public int Count => data.Length / Width(dataType);
        /// <summary>The stored bytes when the type is miUINT8, else null.</summary>
        public byte[]? Bytes => dataType == MiUInt8 ? data : null;
        public double At(long i) => Value(data.AsSpan((int)(i * Width(dataType)), Width(dataType)), dataType);
    }

    public static IReadOnlyDictionary<string, Variable> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 128) throw new InvalidDataException($"{path}: {bytes.Length} bytes is shorter than the 128-byte MAT-file header.");
        if (!Encoding.ASCII.GetString(bytes, 0, 10).StartsWith("MATLAB 5.0", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: not a MATLAB 5.0 MAT-file (header text must begin 'MATLAB 5.0').");
        if (bytes[126] != (byte)'I' || bytes[127] != (byte)'M')
            throw new InvalidDataException($"{path}: only little-endian MAT-files are supported (endian indicator must be 'IM').");

        var variables = new Dictionary<string, Variable>(StringComparer.Ordinal);
        var offset = 128;
        while (offset < bytes.Length)
        {
            var (type, size, dataOffset, next) = Tag(bytes, offset, path);
            var body = bytes.AsSpan(dataOffset, size);
            if (type == MiCompressed)
            {
                byte[] inflated;
                try
                {
                    using var z = new ZLibStream(new MemoryStream(body.ToArray()), CompressionMode.Decompress);
                    using var ms = new MemoryStream();
                    z.CopyTo(ms);
                    inflated = ms.ToArray();
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"{path}: compressed element at byte {offset} is corrupt ({ex.Message}).", ex);
                }
                var (innerType, innerSize, innerData, _) = Tag(inflated, 0, path);
                if (innerType != MiMatrix) throw new InvalidDataException($"{path}: compressed element at byte {offset} holds type {innerType}, expected miMATRIX (14).");
                var v = Matrix(inflated.AsSpan(innerData, innerSize), path);
                variables[v.Name] = v;
            }
            else if (type == MiMatrix)
            {
                var v = Matrix(body, path);
                variables[v.Name] = v;
            }
            offset = next;
        }
        return variables;
    }

    private static (int Type, int Size, int DataOffset, int Next) Tag(byte[] bytes, int offset, string path)
    {
        if (offset + 8 > bytes.Length) throw new InvalidDataException($"{path}: data element tag at byte {offset} is truncated.");
        var first = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
        if ((first >> 16) != 0)
        {
            // Small data element: size in the upper 16 bits, type in the lower, data in the next 4 bytes.
            return ((int)(first & 0xffff), (int)(first >> 16), offset + 4, offset + 8);
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
        if (size < 0 || (long)offset + 8 + size > bytes.Length)
            throw new InvalidDataException($"{path}: data element at byte {offset} claims {size} bytes but the file ends at {bytes.Length} (truncated file).");
        var type = (int)first;
        // Compressed elements are not padded; all others are padded to a multiple of 8 bytes.
        var padded = type == MiCompressed ? size : (size + 7) / 8 * 8;
        return (type, size, offset + 8, (int)Math.Min(bytes.Length, (long)offset + 8 + padded));
    }

    private static Variable Matrix(ReadOnlySpan<byte> m, string path)
    {
        var buffer = m.ToArray();
        var offset = 0;
        var (flagsType, _, flagsData, next) = Tag(buffer, offset, path);
        if (flagsType != MiUInt32) throw new InvalidDataException($"{path}: array flags have type {flagsType}; expected miUINT32.");
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(flagsData));
        var arrayClass = flags & 0xff;
        if ((flags & 0x800) != 0) throw new InvalidDataException($"{path}: complex arrays are not supported.");
        if (arrayClass is < 6 or > 15) throw new InvalidDataException($"{path}: array class {arrayClass} is not numeric (cell, struct, char and sparse arrays are not supported).");
        offset = next;
        var (dimsType, dimsSize, dimsData, next2) = Tag(buffer, offset, path);
        if (dimsType != MiInt32) throw new InvalidDataException($"{path}: dimensions have type {dimsType}; expected miINT32.");
        var dims = new int[dimsSize / 4];
        for (var i = 0; i < dims.Length; i++) dims[i] = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(dimsData + 4 * i));
        offset = next2;
        var (_, nameSize, nameData, next3) = Tag(buffer, offset, path);
        var name = Encoding.ASCII.GetString(buffer, nameData, nameSize);
        offset = next3;
        var (dataType, dataSize, dataStart, _) = Tag(buffer, offset, path);
        if (!Widths.ContainsKey(dataType)) throw new InvalidDataException($"{path}: variable '{name}' has data type {dataType}, which is not supported.");
        var variable = new Variable(name, dims, dataType, buffer.AsSpan(dataStart, dataSize).ToArray());
        var expected = dims.Aggregate(1L, (a, d) => a * d);
        if (variable.Count != expected)
            throw new InvalidDataException($"{path}: variable '{name}' has {variable.Count} values; its dimensions {string.Join("×", dims)} need {expected}.");
        return variable;
    }

    private static readonly Dictionary<int, int> Widths = new()
    {
        [MiInt8] = 1, [MiUInt8] = 1, [MiInt16] = 2, [MiUInt16] = 2, [MiInt32] = 4, [MiUInt32] = 4, [MiSingle] = 4,
        [MiDouble] = 8, [MiInt64] = 8, [MiUInt64] = 8,
    };

    private static int Width(int type) => Widths[type];

    private static double Value(ReadOnlySpan<byte> s, int type) => type switch
    {
        MiInt8 => (sbyte)s[0],
        MiUInt8 => s[0],
        MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(s),
        MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
        MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(s),
        MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
        MiSingle => BinaryPrimitives.ReadSingleLittleEndian(s),
        MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(s),
        MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(s),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(s),
    };
}
