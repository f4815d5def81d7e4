namespace GrokUnlearn.Data;

/// <summary>
/// One published file of a dataset: its name, where it is published, and how to verify it. <see cref="Md5"/> or
/// <see cref="Sha256"/> is the publisher's checksum of the file as downloaded. <see cref="PayloadSha256"/> is the SHA-256 of
/// the decompressed content of a gzip file: mirrors that recompress (Debian's dataset packages do) keep the content but
/// not the compressed bytes, so a mirror copy passes on either.
/// </summary>
public sealed record DatasetFile(string FileName, IReadOnlyList<string> Urls, string? Md5 = null, string? Sha256 = null, string? PayloadSha256 = null)
{
    public bool HasChecksum => Md5 is not null || Sha256 is not null || PayloadSha256 is not null;

    /// <summary>A short description of what the file is checked against, for messages.</summary>
    public string ChecksumText => string.Join(" or ", new[]
    {
        Md5 is null ? null : $"MD5 {Md5}",
        Sha256 is null ? null : $"SHA-256 {Sha256}",
        PayloadSha256 is null ? null : $"decompressed SHA-256 {PayloadSha256}",
    }.OfType<string>());
}
