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
                await ParquetSerializer.SerializeAsync(rows, fs, options, customMetadata: metadata);
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
        return (result.Data, (IReadOnlyDictionary<string, string>?)result.CustomMetadata ?? new Dictionary<string, string>());
    }

    /// <summary>Reads only the footer's key-value metadata (cheap: no row groups are decoded).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(string path)
    {
        await using var fs = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(fs);
        return new Dictionary<string, string>(reader.CustomMetadata);
    }
}
