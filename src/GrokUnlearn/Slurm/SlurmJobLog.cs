using System.Text.Json;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Slurm;

/// <summary>artifacts/slurm/jobs.json: every stage job submitted for this artifacts folder, newest last (written atomically).</summary>
public sealed class SlurmJobLog(string path)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string Path { get; } = path;

    public IReadOnlyList<SlurmJobRecord> Read() =>
        File.Exists(Path) ? JsonSerializer.Deserialize<List<SlurmJobRecord>>(File.ReadAllText(Path)) ?? [] : [];

    public void Append(SlurmJobRecord record)
    {
        var all = Read().Append(record).ToList();
        AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(all, Options));
    }

    /// <summary>The newest job that ran (or will run) a cell.</summary>
    public SlurmJobRecord? LatestFor(string cellId) => Read().LastOrDefault(r => r.Cells.Contains(cellId));
}
