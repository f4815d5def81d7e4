using System.ComponentModel;
using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

/// <summary>The TorchSharp worker of the PyTorch comparison: started by `benchmark`, one fresh process per workload.</summary>
[Description("Internal: serves one benchmark workload over stdin/stdout for `benchmark` (the TorchSharp side of the comparison).")]
public sealed class BenchmarkWorkerCommand : Command<BenchmarkWorkerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--root <DIR>")]
        [Description("Repository root (its default profile defines the workloads).")]
        public string? Root { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = settings.Root ?? Directory.GetCurrentDirectory();
        var workloads = BenchmarkWorkload.Load(root);
        PipelineContext.EnsureTorch();
        new BenchmarkWorker(Console.In, Console.Out, workloads).Serve();
        return 0;
    }
}
