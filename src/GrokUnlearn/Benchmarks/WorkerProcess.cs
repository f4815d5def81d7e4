using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace GrokUnlearn.Benchmarks;

/// <summary>
/// The coordinator's handle on one benchmark worker (a fresh process of one stack): sends a JSON command per line and
/// reads the reply. A worker that dies or replies with an error raises <see cref="BenchmarkWorkerException"/> carrying
/// its last stderr lines. Disposing asks it to quit and kills it if it does not.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly string _name;

    /// <summary>How long one command may take before the worker is considered hung.</summary>
    public static TimeSpan ReplyTimeout { get; } = TimeSpan.FromMinutes(10);

    private WorkerProcess(string name, Process process)
    {
        _name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
                if (_stderr.Length > 8000) _stderr.Remove(0, _stderr.Length - 8000);
            }
        };
        _process.BeginErrorReadLine();
    }

    public static WorkerProcess Start(string name, ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        try
        {
            return new WorkerProcess(name, Process.Start(start) ?? throw new BenchmarkWorkerException($"{name}: {start.FileName} did not start"));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BenchmarkWorkerException($"{name}: cannot start {start.FileName}: {ex.Message}");
        }
    }

    /// <summary>Sends one command and returns the reply; an error reply or a dead worker throws.</summary>
    public JsonObject Send(JsonObject command)
    {
        try
        {
            _process.StandardInput.WriteLine(command.ToJsonString());
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            throw Died(command);
        }
        // A worker that hangs without dying must not hang the benchmark: rounds take seconds, so minutes is a safe bound.
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(ReplyTimeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new BenchmarkWorkerException($"{_name}: no reply to {command["cmd"]} within {ReplyTimeout.TotalMinutes:F0} minutes; the worker was stopped.");
        }
        var line = read.Result ?? throw Died(command);
        JsonObject reply;
        try
        {
            reply = JsonNode.Parse(line)?.AsObject() ?? throw new FormatException("empty reply");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new BenchmarkWorkerException($"{_name}: unreadable reply to {command["cmd"]}: {line}");
        }
        if (reply["error"] is { } error) throw new BenchmarkWorkerException($"{_name}: {command["cmd"]} failed: {error}");
        return reply;
    }

    private BenchmarkWorkerException Died(JsonObject command)
    {
        _process.WaitForExit(5000);
        string tail;
        lock (_stderr) tail = _stderr.ToString().Trim();
        var code = _process.HasExited ? $"exit code {_process.ExitCode}" : "no reply";
        return new BenchmarkWorkerException($"{_name}: worker ended during {command["cmd"]} ({code}). {tail}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine(new JsonObject { ["cmd"] = "quit" }.ToJsonString());
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
