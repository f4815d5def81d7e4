using GrokUnlearn.Native;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;

namespace GrokUnlearn.Tests.Unit.Native;

/// <summary>The weak-version patch, checked on the real libLibTorchSharp.so shipped with TorchSharp 0.107.0.</summary>
public sealed class ElfFileTests
{
    private static string RealLibrary() =>
        Path.Combine(TorchRuntime.FindNativeDirectory() ?? throw new InvalidOperationException("native folder not found"), "libLibTorchSharp.so");

    public sealed class TheVersionNeedsMethod
    {
        [Fact]
        public void Should_List_GLIBCXX_3_4_32_As_A_Strong_Need_Of_The_Original_Library()
        {
            // Given / When
            var needs = ElfFile.Read(RealLibrary()).VersionNeeds();

            // Then
            var need = Assert.Single(needs, n => n.Version == "GLIBCXX_3.4.32");
            Assert.Equal("libstdc++.so.6", need.Library);
            Assert.False(need.IsWeak);
            Assert.Contains(needs, n => n.Library == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        }

        [Fact]
        public void Should_Bind_Only_ios_base_library_init_To_That_Version()
        {
            var elf = ElfFile.Read(RealLibrary());
            var need = elf.VersionNeeds().Single(n => n.Version == "GLIBCXX_3.4.32");

            Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsWithVersionIndex(need.Index));
        }
    }

    public sealed class TheWriteWithWeakVersionsMethod
    {
        [Fact]
        public void Should_Set_Only_The_Weak_Flag_Of_The_Chosen_Entry()
        {
            // Given
            using var tmp = new TempDir();
            var original = ElfFile.Read(RealLibrary());
            var target = original.VersionNeeds().Single(n => n.Version == "GLIBCXX_3.4.32");

            // When
            original.WriteWithWeakVersions(tmp.File("patched.so"), [target]);

            // Then: exactly one byte differs (the low byte of vna_flags gains 0x2), and the reader sees it as weak.
            var a = File.ReadAllBytes(RealLibrary());
            var b = File.ReadAllBytes(tmp.File("patched.so"));
            Assert.Equal(a.Length, b.Length);
            var diffs = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
            Assert.Equal([(int)target.FlagsOffset], diffs);
            Assert.Equal(a[target.FlagsOffset] | 0x2, b[target.FlagsOffset]);
            var patched = ElfFile.Read(tmp.File("patched.so")).VersionNeeds();
            Assert.True(patched.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
            Assert.All(patched.Where(n => n.Version != "GLIBCXX_3.4.32"),
                n => Assert.Equal(original.VersionNeeds().Single(o => o.Library == n.Library && o.Version == n.Version).Flags, n.Flags));
        }

        [Fact]
        public void Should_Reject_A_File_That_Is_Not_ELF()
        {
            using var tmp = new TempDir();
            File.WriteAllText(tmp.File("x.so"), "not an elf file, just text long enough to have a header of sixty-four bytes...");

            var ex = Record.Exception(() => ElfFile.Read(tmp.File("x.so")));

            Assert.IsType<InvalidDataException>(ex);
            Assert.Contains("not an ELF file", ex.Message);
        }
    }

    public sealed class TheMissingLibstdcxxVersionsMethod
    {
        [Fact]
        public void Should_Report_Exactly_The_Versions_This_Machines_Libstdcxx_Does_Not_Define()
        {
            // Given: the versions the system libstdc++ defines, read independently of the method under test.
            var defined = ElfFile.Read(TorchRuntime.SystemLibstdcxxPath()).VersionDefinitions();
            Assert.Contains("GLIBCXX_3.4", defined);

            // When
            var missing = TorchRuntime.MissingLibstdcxxVersions(RealLibrary()).Select(m => m.Version).ToList();

            // Then
            var expected = ElfFile.Read(RealLibrary()).VersionNeeds()
                .Where(n => n.Library == "libstdc++.so.6" && !defined.Contains(n.Version)).Select(n => n.Version).ToList();
            Assert.Equal(expected, missing);
        }
    }
}

public sealed class TheEnsurePatchedCopyMethod
{
    [Fact]
    public void Should_Write_A_Weak_Copy_Once_Per_Original_Outside_The_Package_Folders()
    {
        // Given: the real library and the need to weaken (forced here, whatever this machine's libstdc++ has).
        using var tmp = new TempDir();
        var original = Path.Combine(TorchRuntime.FindNativeDirectory()!, "libLibTorchSharp.so");
        var need = ElfFile.Read(original).VersionNeeds().Single(n => n.Version == "GLIBCXX_3.4.32");
        var originalBytes = File.ReadAllBytes(original);
        var log = new List<string>();

        // When
        var first = TorchRuntime.EnsurePatchedCopy(original, [need], log.Add, tmp.Path);
        var written = File.GetLastWriteTimeUtc(first);
        var second = TorchRuntime.EnsurePatchedCopy(original, [need], log.Add, tmp.Path);

        // Then
        Assert.StartsWith(tmp.Path, first);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.Single(log); // the second call found the copy and wrote nothing
        Assert.Contains("_ZSt21ios_base_library_initv", log[0]);
        Assert.True(ElfFile.Read(first).VersionNeeds().Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.Equal(originalBytes, File.ReadAllBytes(original)); // the original is never modified
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(first)!, "*.tmp"));
    }
}

[Collection(TorchCollection.Name)]
public sealed class TorchRuntimeTests(TorchFixture fixture)
{
    [Fact]
    public void Should_Train_A_Step_After_Loading()
    {
        // The fixture loaded the runtime (patching a copy when this machine needs it); a real op must now work.
        if (fixture.Runtime.PatchedLibrary is not null)
        {
            Assert.Contains("GLIBCXX_3.4.32", fixture.Runtime.WeakenedVersions);
            Assert.DoesNotContain(".nuget", fixture.Runtime.PatchedLibrary);
            Assert.True(File.Exists(fixture.Runtime.PatchedLibrary));
        }
        using var w = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        using var loss = (w * w).sum();
        loss.backward();
        Assert.Equal(new float[] { 2, 4 }, w.grad!.data<float>().ToArray());
    }
}
