using System.ComponentModel;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

/// <summary>A pipeline stage that exists in the graph but is not implemented yet. It says so and produces nothing.</summary>
public sealed class NotBuiltCommand : Command<PipelineSettings>
{
    public override int Execute(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        var issue = context.Name switch { "analyze" => "#6", _ => "(none filed)" };
        Console.WriteLine($"[{context.Name}] stage not built yet (issue {issue}): nothing was run and no results were produced.");
        return 0;
    }
}
