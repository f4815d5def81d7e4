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
    /// <summary>"&lt;row type&gt;#&lt;shape&gt;:&lt;SHA-256 of the rows as JSON&gt;", written with the table and checked on every read of that type and shape.</summary>
    public const string RowsHashKey = "grokunlearn.rows_sha256";

    private static readonly System.Text.Json.JsonSerializerOptions HashJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The row type and its shape (its property names): a table is verified only when read through the same shape, so
    /// adding a column to a row type is a version change, not corruption.
    /// </summary>
    private static string RowsPrefix<T>() =>
        typeof(T).FullName + "#" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(",", typeof(T).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal)))))[..12] + ":";

    /// <summary>The rows' content hash: a flipped byte that Parquet still decodes changes it.</summary>
    private static string RowsHash<T>(IEnumerable<T> rows) =>
        RowsPrefix<T>() + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rows.ToList(), HashJson)));

    public static async Task WriteAsync<T>(string path, IReadOnlyCollection<T> rows, IReadOnlyDictionary<string, string> metadata)
        where T : class, new()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var hash = RowsHash(rows);
            await WriteFileAsync(tmp, rows, metadata, hash);
            // The hash must describe what a reader will decode: if the round trip changes a value (a Parquet.Net quirk),
            // record the hash of the rows as read back instead of reporting corruption later.
            var readBack = RowsHash((await ParquetSerializer.DeserializeAsync<T>(tmp)).Data);
            if (readBack != hash) await WriteFileAsync(tmp, rows, metadata, readBack);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static async Task WriteFileAsync<T>(string tmp, IReadOnlyCollection<T> rows, IReadOnlyDictionary<string, string> metadata, string hash)
    {
        await using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd };
        var withHash = new Dictionary<string, string>(metadata) { [RowsHashKey] = hash };
        await ParquetSerializer.SerializeAsync(rows, fs, options, customMetadata: withHash);
        await fs.FlushAsync();
        fs.Flush(flushToDisk: true);
    }

    /// <summary>
    /// A damaged file makes Parquet.Net throw almost anything (IOException "not a parquet file", NullReferenceException,
    /// Thrift errors); every such failure becomes one InvalidDataException naming the file. A missing file or folder and
    /// a permission error pass through unchanged: they are not corruption.
    /// </summary>
    private static async Task<TResult> DecodeAsync<TResult>(string path, Func<Task<TResult>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
                                       or OutOfMemoryException or OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"{path}: cannot be decoded ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    public static async Task<(IList<T> Rows, IReadOnlyDictionary<string, string> Metadata)> ReadAsync<T>(string path) where T : class, new()
    {
        var result = await DecodeAsync(path, () => ParquetSerializer.DeserializeAsync<T>(path));
        var metadata = (IReadOnlyDictionary<string, string>?)result.CustomMetadata ?? new Dictionary<string, string>();
        // Verified only for the type it was written with (a table read through another row type is not compared).
        if (metadata.TryGetValue(RowsHashKey, out var recorded) && recorded.StartsWith(RowsPrefix<T>(), StringComparison.Ordinal)
            && recorded != RowsHash(result.Data))
            throw new InvalidDataException($"{path}: its rows do not match the hash recorded when it was written: the file is corrupted.");
        return (result.Data, metadata);
    }

    /// <summary>Reads only the footer's key-value metadata (cheap: no row groups are decoded).</summary>
    public static Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(string path) => DecodeAsync(path, async () =>
    {
        await using var fs = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(fs);
        return (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(reader.CustomMetadata);
    });
}
