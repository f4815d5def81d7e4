using Parquet;
using Parquet.Serialization;

namespace GrokUnlearn.Storage;

/// <summary>
/// Parquet I/O for stage outputs: rows are POCOs (snake_case columns via [JsonPropertyName]); the cell's provenance
/// (fingerprint, stage, schema version) is in the file's key-value metadata. Writes are atomic: temp file in the
/// same folder, fsync, rename over the target, so a crash leaves the old file or a stray *.tmp, never half a table.
/// </summary>
public static class ParquetTable
{
    public const string FingerprintKey = "grokunlearn.fingerprint";
    public const string StageKey = "grokunlearn.stage";
    public const string CellKey = "grokunlearn.cell";
    public const string SchemaVersionKey = "grokunlearn.schema_version";
    /// <summary>The SHA-256 of the model file a cell published beside its lock table (an unlearned model).</summary>
    public const string ModelHashKey = "grokunlearn.model_sha256";
    /// <summary>"&lt;row type&gt;:&lt;SHA-256 of the rows as JSON&gt;", written with the table and checked on every read of that type.</summary>
    public const string RowsHashKey = "grokunlearn.rows_sha256";

    private static readonly System.Text.Json.JsonSerializerOptions HashJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The rows' content hash: a flipped byte that Parquet still decodes changes it.</summary>
    private static string RowsHash<T>(IEnumerable<T> rows) =>
        typeof(T).FullName + ":" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rows.ToList(), HashJson)));

    public static async Task WriteAsync<T>(string path, IReadOnlyCollection<T> rows, IReadOnlyDictionary<string, string> metadata)
        where T : new()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd };
                var withHash = new Dictionary<string, string>(metadata) { [RowsHashKey] = RowsHash(rows) };
                await ParquetSerializer.SerializeAsync(rows, fs, options, customMetadata: withHash);
                await fs.FlushAsync();
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static async Task<(IList<T> Rows, IReadOnlyDictionary<string, string> Metadata)> ReadAsync<T>(string path) where T : class, new()
    {
        var result = await ParquetSerializer.DeserializeAsync<T>(path);
        var metadata = (IReadOnlyDictionary<string, string>?)result.CustomMetadata ?? new Dictionary<string, string>();
        // Verified only for the type it was written with (a table read through another row type is not compared).
        if (metadata.TryGetValue(RowsHashKey, out var recorded) && recorded.StartsWith(typeof(T).FullName + ":", StringComparison.Ordinal)
            && recorded != RowsHash(result.Data))
            throw new InvalidDataException($"{path}: its rows do not match the hash recorded when it was written: the file is corrupted.");
        return (result.Data, metadata);
    }

    /// <summary>Reads only the footer's key-value metadata (cheap: no row groups are decoded).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(string path)
    {
        await using var fs = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(fs);
        return new Dictionary<string, string>(reader.CustomMetadata);
    }
}
