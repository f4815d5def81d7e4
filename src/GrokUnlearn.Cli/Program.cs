using GrokUnlearn.Cli.Commands;
using GrokUnlearn.Config;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using Nito.AsyncEx;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("grokunlearn");
    config.PropagateExceptions();
    config.AddCommand<DataCommand>("data");
    config.AddCommand<TrainCommand>("train");
    config.AddCommand<UnlearnCommand>("unlearn");
    config.AddCommand<AnalyzeCommand>("analyze");
    config.AddCommand<ReportCommand>("report");
    config.AddCommand<GateCommand>("gate");
    config.AddCommand<StatusCommand>("status");
    config.AddCommand<BenchmarkCommand>("benchmark");
    config.AddCommand<BenchmarkWorkerCommand>("benchmark-worker").IsHidden();
});

// Ctrl+C stops training at the next step; the last resume point stays, and the next run continues from it.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

try
{
    // Every command runs on this one thread: each await resumes here (AsyncContext), so all libtorch work of the
    // process comes from one thread. libtorch's OpenMP builds a thread team per calling thread, and while a second
    // team exists (e.g. data prepared on one pool thread, training continued on another after an await) steps run
    // 2-3× slower: 150 instead of 430 steps/s for the Fashion-MNIST MLP (issue 8).
    return AsyncContext.Run(() => app.RunAsync(args, interrupt.Token));
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted: finished cells are kept; an interrupted training run resumes from its last resume point next time.");
    return 130;
}
catch (Exception ex) when (ex is ConfigException or StageInputException or TorchRuntimeException or CommandParseException or CommandRuntimeException
    or GrokUnlearn.Data.DataSourceException or InvalidDataException or GrokUnlearn.Slurm.SlurmException)
{
    // Expected failures: one clear line, non-zero exit, artifacts untouched.
    Console.Error.WriteLine($"error: {ex.Message}");
    return ex is ConfigException or CommandParseException or CommandRuntimeException ? 2 : 1;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    // A file could not be read or written (permissions, a full disk, a vanished folder). .NET's message names the path;
    // writes are atomic, so nothing already published was touched.
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine("       check that the artifacts folder is writable and has free space, then run the same command again (finished cells are kept).");
    Trace(ex);
    return 1;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // Anything else is a bug: one line instead of an unhandled-exception abort (exit 134), the trace on request.
    Console.Error.WriteLine($"error: unexpected {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine("       finished cells are kept; set GROKUNLEARN_TRACE=1 for the stack trace, and please report it.");
    Trace(ex);
    return 1;
}

static void Trace(Exception ex)
{
    if (Environment.GetEnvironmentVariable("GROKUNLEARN_TRACE") == "1") Console.Error.WriteLine(ex);
}
