using System.IO.Compression;
using System.Security.Cryptography;

namespace GrokUnlearn.Data;

/// <summary>Checks a file against a <see cref="DatasetFile"/>'s checksums.</summary>
public static class FileChecksum
{
    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(fs, ct));
    }

    public static async Task<string> Md5Async(string path, CancellationToken ct = default)
    {
        await using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(fs, ct));
    }

    /// <summary>SHA-256 of a gzip file's decompressed content; null when the file is not gzip or does not decompress.</summary>
    public static async Task<string?> PayloadSha256Async(string path, CancellationToken ct = default)
    {
        try
        {
            await using var fs = File.OpenRead(path);
            if (fs.ReadByte() != 0x1f || fs.ReadByte() != 0x8b) return null;
            fs.Position = 0;
            await using var gz = new GZipStream(fs, CompressionMode.Decompress);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(gz, ct));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>True when any of the file's published checksums matches. A file without checksums never matches.</summary>
    public static async Task<bool> MatchesAsync(string path, DatasetFile file, CancellationToken ct = default)
    {
        if (file.Sha256 is not null && string.Equals(await Sha256Async(path, ct), file.Sha256, StringComparison.OrdinalIgnoreCase)) return true;
        if (file.Md5 is not null && string.Equals(await Md5Async(path, ct), file.Md5, StringComparison.OrdinalIgnoreCase)) return true;
        if (file.PayloadSha256 is not null && string.Equals(await PayloadSha256Async(path, ct), file.PayloadSha256, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
