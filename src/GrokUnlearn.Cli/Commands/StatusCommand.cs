using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("List every cell of the profile as fresh or stale, with the reason. Runs nothing.")]
public sealed class StatusCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        var table = new Table().AddColumns("stage", "cell", "state", "fingerprint", "reason");
        var stale = 0;
        foreach (var cell in ctx.Plan.All.Where(ctx.Selected))
        {
            var state = await cell.CheckAsync();
            if (!state.Fresh) stale++;
            table.AddRow(cell.Stage, Markup.Escape(cell.Id), state.Fresh ? "[green]fresh[/]" : "[yellow]stale[/]",
                cell.Fingerprint[..12], Markup.Escape(state.Reason));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"profile [bold]{Markup.Escape(ctx.Profile.Name)}[/]: {stale} stale cell(s).");
        return 0;
    }
}
