using GrokUnlearn.Slurm;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>An in-memory Slurm: numbers jobs from 100, keeps each submitted script's text, and a queue the test controls.</summary>
public sealed class FakeSlurmClient : ISlurmClient
{
    public List<(string Id, string Script)> Submitted { get; } = [];
    public Dictionary<string, string> Queue { get; } = [];
    public Dictionary<string, string> Ended { get; } = [];

    public Task<string> SubmitAsync(string script, CancellationToken ct = default)
    {
        var id = (100 + Submitted.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Submitted.Add((id, File.ReadAllText(script)));
        Queue[id] = "PENDING";
        return Task.FromResult(id);
    }

    public Task<IReadOnlyDictionary<string, string>> QueueAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(Queue));

    public Task<string?> StateAsync(string jobId, CancellationToken ct = default) =>
        Task.FromResult(Ended.GetValueOrDefault(jobId));
}
