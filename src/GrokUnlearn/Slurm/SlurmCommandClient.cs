using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GrokUnlearn.Slurm;

/// <summary>
/// <see cref="ISlurmClient"/> through Slurm's own commands (sbatch, squeue, scontrol) on PATH; SLURM_CONF and the other
/// Slurm variables of the environment apply. scontrol is used instead of sacct because sacct needs accounting storage.
/// </summary>
public sealed partial class SlurmCommandClient : ISlurmClient
{
    public async Task<string> SubmitAsync(string script, CancellationToken ct = default)
    {
        var (code, stdout, stderr) = await RunAsync("sbatch", ["--parsable", script], ct);
        if (code != 0) throw new SlurmException($"sbatch {script} failed (exit {code}): {stderr.Trim()}");
        var id = stdout.Trim().Split(';')[0];
        return JobId().IsMatch(id) ? id : throw new SlurmException($"sbatch {script} printed '{stdout.Trim()}', not a job id.");
    }

    public async Task<IReadOnlyDictionary<string, string>> QueueAsync(CancellationToken ct = default)
    {
        // -r: one line per array task; %i is "job" or "job_task".
        var (code, stdout, stderr) = await RunAsync("squeue", ["-h", "-r", "-o", "%i %T"], ct);
        if (code != 0) throw new SlurmException($"squeue failed (exit {code}): {stderr.Trim()}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
    }

    public async Task<string?> StateAsync(string jobId, CancellationToken ct = default)
    {
        var (code, stdout, _) = await RunAsync("scontrol", ["show", "job", jobId], ct);
        if (code != 0) return null;
        // For an array task Slurm no longer knows (e.g. cancelled while pending), scontrol may print another task of the
        // same array: only a record of the asked-for task counts.
        var task = jobId.Split('_') is [_, var index] ? index : null;
        foreach (var record in stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var taskId = ArrayTaskId().Match(record);
            if (task is not null && (!taskId.Success || taskId.Groups[1].Value != task)) continue;
            var state = JobState().Match(record);
            if (state.Success) return state.Groups[1].Value;
        }
        return null;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new SlurmException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SlurmException($"{tool} is not on PATH ({ex.Message}); --executor slurm needs the Slurm client commands (Debian: slurm-client).");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex JobId();

    [GeneratedRegex(@"JobState=(\w+)")]
    private static partial Regex JobState();

    [GeneratedRegex(@"ArrayTaskId=(\S+)")]
    private static partial Regex ArrayTaskId();
}
