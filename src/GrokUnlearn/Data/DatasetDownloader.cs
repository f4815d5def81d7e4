using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace GrokUnlearn.Data;

/// <summary>
/// Downloads one dataset file: into <c>&lt;target&gt;.part</c>, resuming a partial file with an HTTP Range request,
/// retrying transient failures (network errors, 408/429/5xx, bodies cut short) with exponential back-off (Polly), then
/// verifying the published checksum and moving the file into place atomically. A file that fails its checksum is
/// deleted and never placed.
/// </summary>
public sealed class DatasetDownloader(HttpClient http, Action<string> log, DownloadOptions? options = null)
{
    private readonly DownloadOptions _options = options ?? new DownloadOptions();

    public async Task DownloadAsync(DatasetFile file, string url, string target, CancellationToken ct = default)
    {
        if (!file.HasChecksum) throw new DataSourceException($"{file.FileName}: no checksum is published for it, so a download cannot be verified.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var part = target + ".part";
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(IsTransient).Handle<IOException>()
                    .Handle<TaskCanceledException>(_ => !ct.IsCancellationRequested),
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    log(Invariant($"[data] {file.FileName}: attempt {args.AttemptNumber + 1} failed ({args.Outcome.Exception?.Message}); retrying in {args.RetryDelay.TotalSeconds:F1} s"));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(async token => await AttemptAsync(file, url, part, token), ct);

        if (!await FileChecksum.MatchesAsync(part, file, ct))
        {
            var got = await FileChecksum.Sha256Async(part, ct);
            File.Delete(part);
            throw new DataSourceException($"{url}: the downloaded file fails its checksum (expected {file.ChecksumText}; got SHA-256 {got}); it was deleted and nothing was cached.");
        }
        File.Move(part, target, overwrite: true);
        log($"[data] {file.FileName}: downloaded and verified ({file.ChecksumText}) → {target}");
    }

    private static bool IsTransient(HttpRequestException ex) =>
        ex.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)ex.StatusCode >= 500;

    private async Task AttemptAsync(DatasetFile file, string url, string part, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            // The partial file is already whole (or longer than the file): let the checksum decide.
            return;
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {url}", null, response.StatusCode);

        var resumed = response.StatusCode == HttpStatusCode.PartialContent && have > 0;
        if (have > 0 && resumed) log(Invariant($"[data] {file.FileName}: resuming at byte {have:N0}"));
        var expected = response.Content.Headers.ContentLength;
        var total = expected is null ? (long?)null : expected + (resumed ? have : 0);
        await using (var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None))
        await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
        {
            var buffer = new byte[1 << 16];
            long received = 0;
            var clock = Stopwatch.StartNew();
            var lastLog = Stopwatch.StartNew();
            int n;
            while ((n = await body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, n), timeout.Token);
                received += n;
                if (lastLog.Elapsed >= _options.Progress)
                {
                    var done = received + (resumed ? have : 0);
                    log(Invariant($"[data] {file.FileName}: {done / 1e6:F1} MB{(total is null ? "" : $" of {total / 1e6:F1} MB")} ({received / 1e6 / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F1} MB/s)"));
                    lastLog.Restart();
                }
            }
            if (expected is not null && received < expected)
                throw new IOException(Invariant($"the body ended after {received:N0} of {expected:N0} bytes (connection cut short)"));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
