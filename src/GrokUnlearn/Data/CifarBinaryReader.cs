using System.Formats.Tar;
using System.IO.Compression;

namespace GrokUnlearn.Data;

/// <summary>
/// The CIFAR "binary version" (Krizhevsky 2009): fixed-length records of label byte(s) then 3,072 pixel bytes
/// (1,024 red, 1,024 green, 1,024 blue, each 32 × 32 row-major). CIFAR-10 has one label byte; CIFAR-100 two
/// (coarse, fine; the fine label is used). The files come inside the official .tar.gz, read here without extracting.
/// </summary>
public static class CifarBinaryReader
{
    public const int Side = 32;
    public const int PixelBytes = 3 * Side * Side;

    /// <summary>Records of one .bin file. <paramref name="labelBytes"/> is 1 (CIFAR-10) or 2 (CIFAR-100, fine label last).</summary>
    public static ImageSet ReadRecords(byte[] data, int labelBytes, int classes, string name)
    {
        var record = labelBytes + PixelBytes;
        if (data.Length == 0 || data.Length % record != 0)
            throw new InvalidDataException($"{name}: {data.Length} bytes is not a whole number of {record}-byte CIFAR records (truncated or corrupt file).");
        var count = data.Length / record;
        var pixels = new byte[count * PixelBytes];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = data[i * record + labelBytes - 1];
            if (label >= classes)
                throw new InvalidDataException($"{name}: record {i} has label {label}; allowed: 0 … {classes - 1}.");
            labels[i] = label;
            Array.Copy(data, i * record + labelBytes, pixels, i * PixelBytes, PixelBytes);
        }
        return new ImageSet(3, Side, Side, pixels, labels, classes);
    }

    /// <summary>Reads the named members (by file name, in the order given) of a .tar.gz and concatenates their records.</summary>
    public static ImageSet ReadArchive(string archive, IReadOnlyList<string> members, int labelBytes, int classes) =>
        ReadArchive(archive, [members], labelBytes, classes)[0];

    /// <summary>
    /// Several sets from one pass over the archive (decompressing CIFAR's 170 MB once, not once per split): each group of
    /// members, in the order given, becomes one set.
    /// </summary>
    public static IReadOnlyList<ImageSet> ReadArchive(string archive, IReadOnlyList<IReadOnlyList<string>> groups, int labelBytes, int classes)
    {
        var members = groups.SelectMany(g => g).ToList();
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(archive);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                var fileName = Path.GetFileName(entry.Name);
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !members.Contains(fileName) || entry.DataStream is null)
                    continue;
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                found[fileName] = ms.ToArray();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"{archive}: not a readable .tar.gz archive ({ex.Message}).", ex);
        }
        var missing = members.Where(m => !found.ContainsKey(m)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{archive}: archive lacks {string.Join(", ", missing)} (expected the official CIFAR binary archive).");
        return groups.Select(group =>
        {
            var parts = group.Select(m => ReadRecords(found[m], labelBytes, classes, $"{archive}!{m}")).ToList();
            return new ImageSet(3, Side, Side, parts.SelectMany(p => p.Pixels).ToArray(), parts.SelectMany(p => p.Labels).ToArray(), classes);
        }).ToList();
    }
}
