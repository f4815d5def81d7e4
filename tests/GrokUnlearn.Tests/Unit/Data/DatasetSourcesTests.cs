using System.Security.Cryptography;
using GrokUnlearn.Data;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Data;

/// <summary>The order of sources (cache, mirrors, download) and what happens to bad copies.</summary>
public sealed class DatasetSourcesTests
{
    private static readonly byte[] Payload = DatasetFiles.IdxLabels([1, 2, 3]);
    private static readonly byte[] Gz = DatasetFiles.Gzip(Payload);

    private static ImageDatasetInfo Info(DatasetFile file, string? debian = null) =>
        new("toy", "Toy", ImageFormat.Idx, [file], 10, "https://example.org", "MIT", ["toy"], DebianPackage: debian);

    private static DatasetFile File1(params string[] urls) =>
        new("labels.gz", urls, Md5: Convert.ToHexStringLower(MD5.HashData(Gz)), PayloadSha256: Convert.ToHexStringLower(SHA256.HashData(Payload)));

    [Fact]
    public async Task Should_Use_A_Verified_Cache_Copy_First()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("cache/toy"));
        File.WriteAllBytes(tmp.File("cache/toy/labels.gz"), Gz);
        var sources = new DatasetSources(tmp.File("cache"), [tmp.File("mirror")], null, null, _ => { });

        Assert.Equal(tmp.File("cache/toy/labels.gz"), await sources.ResolveAsync(Info(File1()), File1()));
    }

    [Fact]
    public async Task Should_Remove_A_Bad_Cache_Copy_And_Accept_A_Recompressed_Mirror_By_Its_Content()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("cache/toy"));
        File.WriteAllBytes(tmp.File("cache/toy/labels.gz"), [1, 2, 3]);
        Directory.CreateDirectory(tmp.File("mirror/toy"));
        // Same content, different gzip bytes (as Debian's packages are): the MD5 differs, the decompressed SHA-256 matches.
        var recompressed = DatasetFiles.Gzip([.. Payload]);
        using (var ms = new MemoryStream())
        {
            using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.NoCompression, leaveOpen: true)) gz.Write(Payload);
            recompressed = ms.ToArray();
        }
        Assert.NotEqual(Gz, recompressed);
        File.WriteAllBytes(tmp.File("mirror/toy/labels.gz"), recompressed);
        var log = new List<string>();
        var sources = new DatasetSources(tmp.File("cache"), [tmp.File("mirror")], null, null, log.Add);

        var path = await sources.ResolveAsync(Info(File1()), File1());

        Assert.Equal(tmp.File("mirror/toy/labels.gz"), path);
        Assert.False(File.Exists(tmp.File("cache/toy/labels.gz")));
        Assert.Contains(log, l => l.Contains("fails its checksum; removed"));
    }

    [Fact]
    public async Task Should_Download_Into_The_Cache_When_No_Copy_Exists()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.ServeAsync(ctx, Gz));
        using var http = new HttpClient();
        var file = File1(server.Prefix + "labels.gz");
        var sources = new DatasetSources(tmp.File("cache"), [tmp.File("mirror")], null,
            new DatasetDownloader(http, _ => { }, new DownloadOptions(BaseDelay: TimeSpan.FromMilliseconds(10))), _ => { });

        var path = await sources.ResolveAsync(Info(file), file);

        Assert.Equal(tmp.File("cache/toy/labels.gz"), path);
        Assert.Equal(Gz, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Should_Name_Every_Try_And_The_Offline_Options_When_Nothing_Works()
    {
        using var tmp = new TempDir();
        var file = File1("http://127.0.0.1:1/labels.gz");
        var sources = new DatasetSources(tmp.File("cache"), [tmp.File("mirror")], null, null, _ => { });

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => sources.ResolveAsync(Info(file, debian: "dataset-toy"), file));

        Assert.Contains($"cache {tmp.File("cache/toy/labels.gz")}: missing", ex.Message);
        Assert.Contains($"mirror {tmp.File("mirror/toy/labels.gz")}: missing", ex.Message);
        Assert.Contains("download: disabled (offline)", ex.Message);
        Assert.Contains("--data-root", ex.Message);
        Assert.Contains(DatasetSources.DataRootVariable, ex.Message);
        Assert.Contains("apt install dataset-toy", ex.Message);
    }
}
