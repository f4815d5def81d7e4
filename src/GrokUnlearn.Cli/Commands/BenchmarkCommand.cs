using System.ComponentModel;
using System.Globalization;
using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Benchmark: training steps per second of each dataset × model × recipe of the profile, with the pipeline's step code; writes artifacts/benchmark/<profile>/throughput.parquet.")]
public sealed class BenchmarkCommand : AsyncCommand<BenchmarkCommand.Settings>
{
    public sealed class Settings : PipelineSettings
    {
        [CommandOption("--steps <N>")]
        [Description("Timed steps per round (fewer for slow models, so a round stays near 15 s).")]
        [DefaultValue(50)]
        public int Steps { get; init; } = 50;

        [CommandOption("--rounds <N>")]
        [Description("Timed rounds; the median is reported.")]
        [DefaultValue(3)]
        public int Rounds { get; init; } = 3;

        [CommandOption("--warmup <N>")]
        [Description("Untimed steps first.")]
        [DefaultValue(10)]
        public int Warmup { get; init; } = 10;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Steps < 1 || settings.Rounds < 1 || settings.Warmup < 1)
            throw new ConfigException($"--steps, --rounds and --warmup must be at least 1 (got {settings.Steps}, {settings.Rounds}, {settings.Warmup}).");
        var ctx = PipelineContext.Create(settings);
        PipelineContext.EnsureTorch();
        var rows = new TrainingThroughput(Console.WriteLine, settings.Warmup, settings.Steps, settings.Rounds).Run(ctx.Profile);
        var path = ctx.Store.BenchmarkTable(ctx.Profile.Name);
        await ParquetTable.WriteAsync(path, rows.ToList(), new Dictionary<string, string>
        {
            [ParquetTable.SchemaVersionKey] = ThroughputRow.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            ["grokunlearn.benchmark.machine"] = $"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        });
        var table = new Table().AddColumns("dataset", "model", "recipe", "batch", "parameters", "steps/s", "ms/step");
        foreach (var r in rows)
            table.AddRow(r.Dataset, r.Model, r.Recipe, r.Batch.ToString(CultureInfo.InvariantCulture), r.Parameters.ToString("N0", CultureInfo.InvariantCulture),
                r.StepsPerSecond.ToString("F1", CultureInfo.InvariantCulture), r.MsPerStep.ToString("F2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}
