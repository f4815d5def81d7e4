using GrokUnlearn.Cli.Commands;
using GrokUnlearn.Config;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("grokunlearn");
    config.PropagateExceptions();
    config.AddCommand<DataCommand>("data");
    config.AddCommand<TrainCommand>("train");
    config.AddCommand<NotBuiltCommand>("unlearn").WithDescription("Unlearn stage (not built yet: issue #4).");
    config.AddCommand<NotBuiltCommand>("analyze").WithDescription("Analyze stage (not built yet: issue #6).");
    config.AddCommand<ReportCommand>("report");
    config.AddCommand<StatusCommand>("status");
});

try
{
    return await app.RunAsync(args);
}
catch (Exception ex) when (ex is ConfigException or StageInputException or TorchRuntimeException or CommandParseException or CommandRuntimeException)
{
    // Expected failures: one clear line, non-zero exit, artifacts untouched.
    Console.Error.WriteLine($"error: {ex.Message}");
    return ex is ConfigException or CommandParseException or CommandRuntimeException ? 2 : 1;
}
