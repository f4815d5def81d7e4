namespace GrokUnlearn.Data;

/// <summary>Retry and progress settings of <see cref="DatasetDownloader"/>. Retries back off exponentially with jitter.</summary>
public sealed record DownloadOptions(int MaxRetries = 4, TimeSpan? BaseDelay = null, TimeSpan? AttemptTimeout = null, TimeSpan? ProgressEvery = null)
{
    public TimeSpan Delay => BaseDelay ?? TimeSpan.FromSeconds(2);
    public TimeSpan Timeout => AttemptTimeout ?? TimeSpan.FromMinutes(30);
    public TimeSpan Progress => ProgressEvery ?? TimeSpan.FromSeconds(5);
}
