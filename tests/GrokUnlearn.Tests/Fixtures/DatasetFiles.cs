using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>
/// Writes small files in the datasets' published formats, from the format specifications (not from the readers under
/// test): IDX (gzip), CIFAR binary records in a .tar.gz, MATLAB v5 MAT-files with compressed elements.
/// </summary>
public static class DatasetFiles
{
    /// <summary>Image i has pixel j = (i * 7 + j) mod 256, so every position is checkable.</summary>
    public static byte Pixel(int image, int offset) => (byte)((image * 7 + offset) % 256);

    public static byte[] IdxImages(int count, int rows, int cols)
    {
        var data = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(0), 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        for (var i = 0; i < count; i++)
            for (var j = 0; j < rows * cols; j++)
                data[16 + i * rows * cols + j] = Pixel(i, j);
        return data;
    }

    public static byte[] IdxLabels(IReadOnlyList<int> labels)
    {
        var data = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(0), 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), labels.Count);
        for (var i = 0; i < labels.Count; i++) data[8 + i] = (byte)labels[i];
        return data;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>CIFAR binary records: label byte(s), then R, G, B planes of 32 × 32.</summary>
    public static byte[] CifarRecords(IReadOnlyList<int> labels, int labelBytes, int firstImage = 0)
    {
        const int pixels = 3 * 32 * 32;
        var record = labelBytes + pixels;
        var data = new byte[labels.Count * record];
        for (var i = 0; i < labels.Count; i++)
        {
            if (labelBytes == 2) data[i * record] = (byte)(labels[i] / 5); // a coarse label, to be ignored
            data[i * record + labelBytes - 1] = (byte)labels[i];
            for (var j = 0; j < pixels; j++) data[i * record + labelBytes + j] = Pixel(firstImage + i, j);
        }
        return data;
    }

    public static void TarGz(string path, IReadOnlyDictionary<string, byte[]> members)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        foreach (var (name, bytes) in members)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
    }

    /// <summary>
    /// An SVHN-style MAT-file: X (H × W × 3 × N uint8, column-major, value = Pixel(n, c·H·W + r·W + col)) and y (N × 1 double),
    /// each in its own miCOMPRESSED element.
    /// </summary>
    public static byte[] SvhnMat(int h, int w, IReadOnlyList<int> labels)
    {
        var n = labels.Count;
        var x = new byte[h * w * 3 * n];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < 3; c++)
                for (var r = 0; r < h; r++)
                    for (var col = 0; col < w; col++)
                        x[r + h * (col + w * (c + 3 * i))] = Pixel(i, (c * h + r) * w + col);
        var y = new byte[n * 8];
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(y.AsSpan(8 * i), labels[i]);

        using var ms = new MemoryStream();
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by GrokUnlearn tests".PadRight(116)).CopyTo(header, 0);
        header[124] = 0x00;
        header[125] = 0x01;
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        ms.Write(header);
        Compressed(ms, Matrix("X", mxUint8: true, [h, w, 3, n], 2, x));
        Compressed(ms, Matrix("y", mxUint8: false, [n, 1], 9, y));
        return ms.ToArray();
    }

    private static void Compressed(Stream output, byte[] element)
    {
        using var z = new MemoryStream();
        using (var zl = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zl.Write(element);
        var body = z.ToArray();
        Tag(output, 15, body.Length);
        output.Write(body);
    }

    private static byte[] Matrix(string name, bool mxUint8, int[] dims, int dataType, byte[] data)
    {
        using var m = new MemoryStream();
        // Array flags: class mxUINT8_CLASS (9) or mxDOUBLE_CLASS (6).
        Tag(m, 6, 8);
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, mxUint8 ? 9u : 6u);
        m.Write(flags);
        Tag(m, 5, 4 * dims.Length);
        foreach (var d in dims)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, d);
            m.Write(b);
        }
        Pad(m, 4 * dims.Length);
        // Name as a small data element (≤ 4 bytes) or a regular miINT8 element.
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var small = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(small, (uint)(nameBytes.Length << 16 | 1));
        nameBytes.CopyTo(small, 4);
        m.Write(small);
        Tag(m, dataType, data.Length);
        m.Write(data);
        Pad(m, data.Length);
        var body = m.ToArray();
        using var element = new MemoryStream();
        Tag(element, 14, body.Length);
        element.Write(body);
        return element.ToArray();
    }

    private static void Tag(Stream s, int type, int size)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(b, type);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), size);
        s.Write(b);
    }

    private static void Pad(Stream s, int size)
    {
        var pad = (8 - size % 8) % 8;
        s.Write(new byte[pad]);
    }
}
