using System.Security.Cryptography;
using GrokUnlearn.Data;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Data;

/// <summary>Downloads against a loopback HTTP server: success, resume, checksum mismatch, HTTP errors, truncated bodies.</summary>
public sealed class DatasetDownloaderTests
{
    // Noise does not compress: a body of a few kilobytes whatever gzip does.
    private static readonly byte[] Body = DatasetFiles.Gzip(RandomBytes(6000));
    private static readonly DatasetFile File1 = new("train-images-idx3-ubyte.gz", [], Sha256: Convert.ToHexStringLower(SHA256.HashData(Body)));
    private static readonly DownloadOptions Fast = new(MaxRetries: 3, BaseDelay: TimeSpan.FromMilliseconds(10));

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(1).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(string Target, List<string> Log)> DownloadAsync(LoopbackServer server, TempDir tmp, DatasetFile? file = null)
    {
        var log = new List<string>();
        using var http = new HttpClient();
        var target = tmp.File("cache/train-images-idx3-ubyte.gz");
        await new DatasetDownloader(http, log.Add, Fast).DownloadAsync(file ?? File1, server.Prefix + "f.gz", target);
        return (target, log);
    }

    [Fact]
    public async Task Should_Download_Verify_And_Place_The_File()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.ServeAsync(ctx, Body));

        var (target, log) = await DownloadAsync(server, tmp);

        Assert.Equal(Body, File.ReadAllBytes(target));
        Assert.False(File.Exists(target + ".part"));
        Assert.Contains(log, l => l.Contains("downloaded and verified"));
        Assert.Equal([""], server.Ranges);
    }

    [Fact]
    public async Task Should_Resume_A_Partial_File_With_A_Range_Request()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("cache"));
        File.WriteAllBytes(tmp.File("cache/train-images-idx3-ubyte.gz.part"), Body[..1000]);
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.ServeAsync(ctx, Body));

        var (target, log) = await DownloadAsync(server, tmp);

        Assert.Equal(["bytes=1000-"], server.Ranges);
        Assert.Equal(Body, File.ReadAllBytes(target));
        Assert.Contains(log, l => l.Contains("resuming at byte 1,000"));
    }

    [Fact]
    public async Task Should_Reject_A_File_That_Fails_Its_Checksum_And_Cache_Nothing()
    {
        using var tmp = new TempDir();
        var other = Body.ToArray();
        other[^1] ^= 0xff;
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.ServeAsync(ctx, other));

        var ex = await Assert.ThrowsAsync<DataSourceException>(() => DownloadAsync(server, tmp));

        Assert.Contains("fails its checksum", ex.Message);
        Assert.Contains(File1.Sha256!, ex.Message);
        Assert.Empty(Directory.GetFiles(tmp.File("cache")));
    }

    [Fact]
    public async Task Should_Retry_Http_500_And_Then_Succeed()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer(async (ctx, n) =>
        {
            if (n <= 2) await LoopbackServer.StatusAsync(ctx, 500);
            else await LoopbackServer.ServeAsync(ctx, Body);
        });

        var (target, log) = await DownloadAsync(server, tmp);

        Assert.Equal(3, server.Ranges.Count);
        Assert.Equal(Body, File.ReadAllBytes(target));
        Assert.Equal(2, log.Count(l => l.Contains("HTTP 500") && l.Contains("retrying")));
    }

    [Fact]
    public async Task Should_Give_Up_After_The_Retries_Are_Spent()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.StatusAsync(ctx, 503));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => DownloadAsync(server, tmp));

        Assert.Contains("HTTP 503", ex.Message);
        Assert.Equal(1 + Fast.MaxRetries, server.Ranges.Count);
    }

    [Fact]
    public async Task Should_Not_Retry_A_Missing_File()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer((ctx, _) => LoopbackServer.StatusAsync(ctx, 404));

        await Assert.ThrowsAsync<HttpRequestException>(() => DownloadAsync(server, tmp));

        Assert.Single(server.Ranges);
    }

    [Fact]
    public async Task Should_Resume_After_A_Truncated_Body()
    {
        using var tmp = new TempDir();
        using var server = new LoopbackServer(async (ctx, n) =>
        {
            if (n == 1)
            {
                // Promise the whole file, send part of it, and drop the connection.
                ctx.Response.ContentLength64 = Body.Length;
                await ctx.Response.OutputStream.WriteAsync(Body.AsMemory(0, 700));
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }
            await LoopbackServer.ServeAsync(ctx, Body);
        });

        var (target, _) = await DownloadAsync(server, tmp);

        Assert.Equal(2, server.Ranges.Count);
        Assert.StartsWith("bytes=", server.Ranges[1]);
        Assert.Equal(Body, File.ReadAllBytes(target));
    }
}
