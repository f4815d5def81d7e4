namespace GrokUnlearn.Native;

/// <summary>One entry of an ELF object's <c>.gnu.version_r</c>: a symbol version it needs from a library.</summary>
/// <param name="Library">The library file that must provide the version (e.g. <c>libstdc++.so.6</c>).</param>
/// <param name="Version">The version name (e.g. <c>GLIBCXX_3.4.32</c>).</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; bit 0x2 (VER_FLG_WEAK) makes a missing version non-fatal.</param>
/// <param name="Index">The entry's <c>vna_other</c>: the version index that <c>.gnu.version</c> uses for its symbols.</param>
/// <param name="FlagsOffset">File offset of the 16-bit <c>vna_flags</c> field.</param>
public sealed record ElfVersionNeed(string Library, string Version, ushort Flags, ushort Index, long FlagsOffset)
{
    public const ushort WeakFlag = 0x2;

    public bool IsWeak => (Flags & WeakFlag) != 0;
}
