using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Slurm;

/// <summary>
/// Hands a stage's stale cells to Slurm instead of running them: writes the cell list and the sbatch script (from the
/// stage's template) to artifacts/slurm/, submits it — one array task per cell for train, oracle, labels, unlearn and analyze,
/// one job for data and report — with <c>--dependency=afterok:</c> on the upstream stages' jobs that are still queued or
/// running, and records the job in artifacts/slurm/jobs.json. Returns at once; the tasks run the same CLI verb with
/// <c>--only-cell</c> on the shared artifacts folder, so a re-submission skips every cell that finished.
/// </summary>
public sealed class SlurmExecutor(RunProfile profile, ArtifactStore store, string repoRoot, string cliDll, ISlurmClient client, Action<string> log)
{
    /// <summary>The stages whose jobs a stage waits for.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Upstream = new Dictionary<string, string[]>
    {
        ["data"] = [],
        ["train"] = ["data"],
        ["oracle"] = ["data"],
        // The Table 2 design's labels read a trained run's per-example losses.
        ["labels"] = ["data", "train"],
        ["unlearn"] = ["data", "train", "oracle", "labels"],
        ["analyze"] = ["data", "train", "oracle", "labels", "unlearn"],
        ["report"] = ["data", "train", "oracle", "labels", "unlearn", "analyze"],
    };

    private static readonly HashSet<string> ArrayStages = ["train", "oracle", "labels", "unlearn", "analyze"];

    public SlurmJobLog Jobs { get; } = new(store.SlurmJobLog);

    /// <summary>The stale cells of a stage among those given; nothing is submitted when none is stale.</summary>
    public static async Task<IReadOnlyList<StageCell>> StaleAsync(IEnumerable<StageCell> cells)
    {
        var stale = new List<StageCell>();
        foreach (var cell in cells)
            if (!(await cell.CheckAsync()).Fresh) stale.Add(cell);
        return stale;
    }

    /// <summary>Submits <paramref name="stage"/> for its stale cells (run by CLI verb <paramref name="verb"/>); null when there is nothing to do.</summary>
    /// <param name="selection">The CLI's selection options (--cell, --method, --seed), passed on to single-job stages so they
    /// run only what was selected; array tasks name their cell exactly instead.</param>
    public async Task<SlurmJobRecord?> SubmitAsync(string stage, string verb, IReadOnlyList<StageCell> staleCells, CancellationToken ct = default,
        IReadOnlyList<string>? selection = null)
    {
        if (staleCells.Count == 0)
        {
            log($"[slurm] {stage}: every selected cell is up to date; nothing submitted.");
            return null;
        }
        var array = ArrayStages.Contains(stage);
        var dir = store.SlurmDir;
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var cellList = Path.Combine(dir, $"{stamp}-{stage}.cells");
        AtomicFile.WriteAllText(cellList, string.Join('\n', staleCells.Select(c => c.Id)) + "\n");

        var dependsOn = await ActiveUpstreamAsync(stage, ct);
        var spec = profile.SlurmOrDefault;
        var model = new SlurmScript.Model(
            Stage: stage,
            JobName: $"grokunlearn-{profile.Name}-{stage}",
            Partition: spec.Partition,
            Account: spec.Account,
            Resources: spec.For(stage),
            Array: array ? $"0-{staleCells.Count - 1}" + (spec.Throttle > 0 ? $"%{spec.Throttle}" : "") : null,
            Output: Path.Combine(dir, "logs", array ? $"{stage}_%A_%a.out" : $"{stage}_%j.out"),
            Dependency: dependsOn.Count == 0 ? null : "afterok:" + string.Join(':', dependsOn),
            ExtraOptions: spec.ExtraOptions,
            WorkDir: SlurmScript.Quote(repoRoot),
            CellList: SlurmScript.Quote(cellList),
            Command: Command(verb) + (array || selection is null ? "" : string.Concat(selection.Select(a => " " + SlurmScript.Quote(a)))));
        var script = Path.Combine(dir, $"{stamp}-{stage}.sbatch");
        AtomicFile.WriteAllText(script, SlurmScript.Render(Path.Combine(repoRoot, "configs", "slurm", $"{stage}.sbatch.sbn"), model));

        var jobId = await client.SubmitAsync(script, ct);
        var record = new SlurmJobRecord(stage, jobId, array, staleCells.Select(c => c.Id).ToList(), script, dependsOn, DateTimeOffset.UtcNow);
        Jobs.Append(record);
        log($"[slurm] {stage}: submitted job {jobId} — {staleCells.Count} cell(s){(array ? " as an array" : "")}" +
            $"{(dependsOn.Count == 0 ? "" : $", after {string.Join(", ", dependsOn)}")}; script {script}");
        return record;
    }

    /// <summary>The newest job of each upstream stage, if Slurm still has any of its tasks queued or running.</summary>
    private async Task<IReadOnlyList<string>> ActiveUpstreamAsync(string stage, CancellationToken ct)
    {
        var queue = await client.QueueAsync(ct);
        var records = Jobs.Read();
        var ids = new List<string>();
        foreach (var upstream in Upstream[stage])
        {
            var latest = records.LastOrDefault(r => r.Stage == upstream);
            if (latest is not null && queue.Keys.Any(k => k == latest.JobId || k.StartsWith(latest.JobId + "_", StringComparison.Ordinal)))
                ids.Add(latest.JobId);
        }
        return ids;
    }

    /// <summary>The task's command: this CLI, the same profile, root and artifacts, run locally on the node.</summary>
    private string Command(string verb) => string.Join(' ',
        "dotnet", SlurmScript.Quote(cliDll), verb,
        "--profile", SlurmScript.Quote(profile.SourcePath),
        "--root", SlurmScript.Quote(repoRoot),
        "--artifacts", SlurmScript.Quote(store.Root),
        "--executor", "local");
}
