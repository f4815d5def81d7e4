namespace GrokUnlearn.Data;

/// <summary>
/// Finds a dataset file, trying in order and logging each try: the artifacts download cache (checksum verified; a bad
/// copy is removed), the mirror folders (the repository's bundled folder, <c>--data-root</c>, GROKUNLEARN_DATA_ROOT,
/// /usr/share/datasets — each as <c>&lt;root&gt;/&lt;name&gt;/&lt;file&gt;</c> or <c>&lt;root&gt;/&lt;file&gt;</c>; a copy is used in place
/// when its checksum matches), then the official URLs (into the cache). With no way to get the file, the error lists
/// every try and the offline options.
/// </summary>
public sealed class DatasetSources(string cacheRoot, IReadOnlyList<string> mirrorRoots, string? repoRoot, DatasetDownloader? downloader, Action<string> log)
{
    public const string DataRootVariable = "GROKUNLEARN_DATA_ROOT";
    public const string DebianDatasets = "/usr/share/datasets";

    /// <summary>Mirror roots in order: --data-root, then GROKUNLEARN_DATA_ROOT, then Debian's dataset folder.</summary>
    public static IReadOnlyList<string> DefaultMirrorRoots(string? dataRoot)
    {
        var roots = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataRoot)) roots.Add(Path.GetFullPath(dataRoot));
        var env = Environment.GetEnvironmentVariable(DataRootVariable);
        if (!string.IsNullOrWhiteSpace(env)) roots.Add(Path.GetFullPath(env));
        roots.Add(DebianDatasets);
        return roots;
    }

    public string CacheDir(ImageDatasetInfo info) => Path.Combine(cacheRoot, info.Kind);

    public async Task<string> ResolveAsync(ImageDatasetInfo info, DatasetFile file, CancellationToken ct = default)
    {
        var tries = new List<string>();
        var cached = Path.Combine(CacheDir(info), file.FileName);
        if (File.Exists(cached))
        {
            if (await FileChecksum.MatchesAsync(cached, file, ct))
            {
                log($"[data] {info.Kind}/{file.FileName}: cache {cached} (checksum ok)");
                return cached;
            }
            File.Delete(cached);
            log($"[data] {info.Kind}/{file.FileName}: cached copy {cached} fails its checksum; removed");
            tries.Add($"cache {cached}: checksum mismatch (removed)");
        }
        else tries.Add($"cache {cached}: missing");

        foreach (var candidate in MirrorCandidates(info, file))
        {
            if (!File.Exists(candidate))
            {
                tries.Add($"mirror {candidate}: missing");
                continue;
            }
            if (await FileChecksum.MatchesAsync(candidate, file, ct))
            {
                log($"[data] {info.Kind}/{file.FileName}: mirror {candidate} (checksum ok)");
                return candidate;
            }
            log($"[data] {info.Kind}/{file.FileName}: mirror copy {candidate} fails its checksum ({file.ChecksumText}); skipped");
            tries.Add($"mirror {candidate}: checksum mismatch");
        }

        if (downloader is null) tries.Add("download: disabled (offline)");
        else if (file.Urls.Count == 0) tries.Add("download: this file has no public URL");
        else
        {
            foreach (var url in file.Urls)
            {
                try
                {
                    log($"[data] {info.Kind}/{file.FileName}: downloading {url}");
                    await downloader.DownloadAsync(file, url, cached, ct);
                    return cached;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or DataSourceException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    log($"[data] {info.Kind}/{file.FileName}: download from {url} failed: {ex.Message}");
                    tries.Add($"download {url}: {ex.Message}");
                }
            }
        }
        throw new DataSourceException(
            $"could not obtain {file.FileName} of {info.Title} ({info.Kind}). Tried, in order:\n  - {string.Join("\n  - ", tries)}\n" +
            $"Offline options: put the file in a folder and pass --data-root <folder> (looked up as <folder>/{info.MirrorNames.FirstOrDefault() ?? info.Kind}/{file.FileName} or <folder>/{file.FileName}), " +
            $"or set {DataRootVariable}=<folder>" +
            (info.DebianPackage is null ? "" : $", or install Debian's package: apt install {info.DebianPackage} (files under {DebianDatasets}/{info.MirrorNames[0]})") +
            $". Expected checksum: {file.ChecksumText}.");
    }

    private IEnumerable<string> MirrorCandidates(ImageDatasetInfo info, DatasetFile file)
    {
        if (info.BundledFolder is not null && repoRoot is not null) yield return Path.Combine(repoRoot, info.BundledFolder, file.FileName);
        foreach (var root in mirrorRoots)
        {
            foreach (var name in info.MirrorNames) yield return Path.Combine(root, name, file.FileName);
            if (root != DebianDatasets) yield return Path.Combine(root, file.FileName);
        }
    }
}
