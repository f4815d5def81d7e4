using System.ComponentModel;
using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using Spectre.Console.Cli;

namespace GrokUnlearn.Cli.Commands;

[Description("Regression gate: compare the profile's unlearning results and claim verdicts with configs/reference/<profile>.json (exit 1 on a regression); --update rewrites the reference.")]
public sealed class GateCommand : AsyncCommand<GateCommand.Settings>
{
    public sealed class Settings : PipelineSettings
    {
        [CommandOption("--update")]
        [Description("Write the current values as the new reference (review the diff before committing it).")]
        public bool Update { get; init; }

        [CommandOption("--accuracy-tolerance <ABS>")]
        [Description("With --update: the band for UA, RA and TA (absolute). Default: the existing reference's, else 0.05.")]
        public double? AccuracyTolerance { get; init; }

        [CommandOption("--steps-tolerance <UPDATES>")]
        [Description("With --update: the band for updates to target. Default: the existing reference's, else 5.")]
        public double? StepsTolerance { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ctx = PipelineContext.Create(settings);
        await StageRunner.RequireFreshAsync("gate", ctx.Plan.Unlearn.Cast<StageCell>().Concat(ctx.Plan.Analyze));
        var path = RegressionGate.ReferencePath(ctx.Root, ctx.Profile.Name);
        var existing = File.Exists(path) ? RegressionGate.Read(path) : null;
        if (settings.Update)
        {
            var tolerance = new GateTolerance(
                settings.AccuracyTolerance ?? existing?.Tolerance.Accuracy ?? 0.05,
                settings.StepsTolerance ?? existing?.Tolerance.Steps ?? 5);
            var snapshot = await RegressionGate.SnapshotAsync(ctx.Plan, ctx.Profile.Name, tolerance);
            RegressionGate.Write(path, snapshot);
            Console.WriteLine($"[gate] reference written: {path} ({snapshot.Results.Count} results, {snapshot.Verdicts.Count} verdicts). Review the diff before committing it.");
            return 0;
        }
        if (existing is null)
            throw new ConfigException($"no gate reference for profile '{ctx.Profile.Name}' at {path}; create it on purpose with `dotnet src/GrokUnlearn.Cli/bin/Release/net10.0/GrokUnlearn.Cli.dll gate --profile {ctx.Profile.Name} --artifacts {ctx.Store.Root} --update`.");
        var current = await RegressionGate.SnapshotAsync(ctx.Plan, ctx.Profile.Name, existing.Tolerance);
        var failures = RegressionGate.Compare(existing, current);
        foreach (var f in failures) Console.Error.WriteLine($"[gate] REGRESSION {f}");
        if (failures.Count > 0)
        {
            Console.Error.WriteLine($"[gate] failed: {failures.Count} difference(s) against {path}.");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[gate] passed: {current.Results.Count} results within ±{existing.Tolerance.Accuracy} (accuracy) / ±{existing.Tolerance.Steps} (updates), {current.Verdicts.Count} verdicts unchanged."));
        return 0;
    }
}
