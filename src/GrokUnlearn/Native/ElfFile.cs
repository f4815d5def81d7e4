using System.Buffers.Binary;
using System.Text;

namespace GrokUnlearn.Native;

/// <summary>
/// A minimal reader for the symbol-versioning sections of a 64-bit little-endian ELF shared object:
/// the versions it needs (<c>.gnu.version_r</c>), the versions it defines (<c>.gnu.version_d</c>),
/// and which dynamic symbols are bound to which version (<c>.gnu.version</c> + <c>.dynsym</c>).
/// Enough to decide whether a library will load against this machine's libstdc++, and to patch it.
/// </summary>
public sealed class ElfFile
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly byte[] _data;
    private readonly List<Section> _sections;

    private ElfFile(string path, byte[] data)
    {
        Path = path;
        _data = data;
        _sections = ReadSections();
    }

    public string Path { get; }

    public static ElfFile Read(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file.");
        if (data[4] != 2 || data[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported (class {data[4]}, encoding {data[5]}).");
        return new ElfFile(path, data);
    }

    /// <summary>Every version this object needs from other libraries.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds()
    {
        var result = new List<ElfVersionNeed>();
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[(int)sec.Link].Offset;
            long p = sec.Offset;
            for (var i = 0; i < sec.Info; i++)
            {
                var vnCnt = U16(p + 2);
                var file = CString(strtab + U32(p + 4));
                var a = p + U32(p + 8);
                for (var j = 0; j < vnCnt; j++)
                {
                    var flags = U16(a + 4);
                    var other = U16(a + 6);
                    var name = CString(strtab + U32(a + 8));
                    result.Add(new ElfVersionNeed(file, name, flags, other, a + 4));
                    var next = U32(a + 12);
                    if (next == 0) break;
                    a += next;
                }
                var vnNext = U32(p + 12);
                if (vnNext == 0) break;
                p += vnNext;
            }
        }
        return result;
    }

    /// <summary>Every version name this object defines (what a library such as libstdc++ provides).</summary>
    public IReadOnlySet<string> VersionDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = _sections[(int)sec.Link].Offset;
            long p = sec.Offset;
            for (var i = 0; i < sec.Info; i++)
            {
                var vdAux = U32(p + 12);
                result.Add(CString(strtab + U32(p + vdAux)));
                var next = U32(p + 16);
                if (next == 0) break;
                p += next;
            }
        }
        return result;
    }

    /// <summary>Names of the dynamic symbols bound to the given version index (<c>vna_other</c>).</summary>
    public IReadOnlyList<string> SymbolsWithVersionIndex(ushort index)
    {
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var dynsym = _sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (versym is null || dynsym is null) return [];
        var strtab = _sections[(int)dynsym.Link].Offset;
        var count = dynsym.Size / 24;
        var names = new List<string>();
        for (long i = 0; i < count; i++)
        {
            if ((U16(versym.Offset + 2 * i) & 0x7fff) != index) continue;
            names.Add(CString(strtab + U32(dynsym.Offset + 24 * i)));
        }
        return names;
    }

    /// <summary>
    /// Writes a copy of this file to <paramref name="destination"/> with VER_FLG_WEAK set on the given
    /// version-need entries, so the dynamic linker accepts the library when those versions are missing.
    /// </summary>
    public void WriteWithWeakVersions(string destination, IEnumerable<ElfVersionNeed> needs)
    {
        var copy = (byte[])_data.Clone();
        foreach (var need in needs)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset, 2));
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset, 2), (ushort)(flags | ElfVersionNeed.WeakFlag));
        }
        File.WriteAllBytes(destination, copy);
    }

    private List<Section> ReadSections()
    {
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(0x28, 8));
        var shentsize = U16(0x3A);
        var shnum = U16(0x3C);
        if (shoff <= 0 || shoff + (long)shentsize * shnum > _data.Length)
            throw new InvalidDataException($"{Path}: section header table lies outside the file (truncated?).");
        var list = new List<Section>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var off = shoff + (long)i * shentsize;
            list.Add(new Section(
                Type: U32(off + 4),
                Offset: (long)U64(off + 24),
                Size: (long)U64(off + 32),
                Link: U32(off + 40),
                Info: U32(off + 44)));
        }
        return list;
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(at, 8));

    private ReadOnlySpan<byte> Slice(long at, int length)
    {
        if (at < 0 || at + length > _data.Length)
            throw new InvalidDataException($"{Path}: offset {at} lies outside the file (truncated or corrupt ELF).");
        return _data.AsSpan((int)at, length);
    }

    private string CString(long at)
    {
        var span = _data.AsSpan((int)at);
        var end = span.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);
}
