using System.ComponentModel;
using GrokUnlearn.Slurm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("List every cell of the profile as fresh or stale, with the reason; with --executor slurm also queued / running / done / failed from Slurm. Runs nothing.")]
public sealed class StatusCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        // A table on a terminal; one tab-separated line per cell when piped (CI logs, grep, scripts).
        var interactive = AnsiConsole.Profile.Capabilities.Interactive;
        var table = new Table().AddColumns("stage", "cell", "state", "fingerprint", "reason");
        if (settings.OnSlurm) table.AddColumn("slurm");
        // With --executor slurm: what Slurm says of each cell's task (squeue, then scontrol for finished ones).
        var jobs = settings.OnSlurm ? ctx.Slurm().Jobs : null;
        var client = new SlurmCommandClient();
        var queue = settings.OnSlurm ? await client.QueueAsync(cancellationToken) : new Dictionary<string, string>();
        var stale = 0;
        foreach (var cell in ctx.Plan.All.Where(ctx.Selected))
        {
            var state = await cell.CheckAsync();
            if (!state.Fresh) stale++;
            var word = state.Fresh ? "fresh" : "stale";
            var slurm = jobs is null ? null : await SlurmCellStatus.DescribeAsync(cell.Id, state.Fresh, jobs, queue, client, cancellationToken);
            if (interactive)
                table.AddRow([cell.Stage, Markup.Escape(cell.Id), state.Fresh ? "[green]fresh[/]" : "[yellow]stale[/]",
                    cell.Fingerprint[..12], Markup.Escape(state.Reason), .. slurm is null ? Array.Empty<string>() : [Markup.Escape(slurm)]]);
            else
                Console.WriteLine($"{cell.Stage}\t{cell.Id}\t{word}\t{cell.Fingerprint[..12]}\t{state.Reason}" + (slurm is null ? "" : $"\t{slurm}"));
        }
        if (interactive) AnsiConsole.Write(table);
        Console.WriteLine($"profile {ctx.Profile.Name}: {stale} stale cell(s).");
        return 0;
    }
}
