using System.Text.Json.Serialization;

namespace GrokUnlearn.Slurm;

/// <summary>One submitted stage job (artifacts/slurm/jobs.json keeps every submission, newest last).</summary>
public sealed record SlurmJobRecord(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("array")] bool Array,
    [property: JsonPropertyName("cells")] IReadOnlyList<string> Cells,
    [property: JsonPropertyName("script")] string Script,
    [property: JsonPropertyName("depends_on")] IReadOnlyList<string> DependsOn,
    [property: JsonPropertyName("submitted")] DateTimeOffset Submitted)
{
    /// <summary>The Slurm id of the task that runs a cell: "job_index" for an array, the job id otherwise.</summary>
    public string? TaskOf(string cellId)
    {
        var index = Cells.ToList().IndexOf(cellId);
        return index < 0 ? null : Array ? $"{JobId}_{index}" : JobId;
    }
}
