using System.Globalization;
using System.Text;
using GrokUnlearn.Pipeline;
using Spectre.Console;

namespace GrokUnlearn.Cli.Commands;

/// <summary>
/// How a local stage shows its progress. On an interactive terminal: Spectre's live display under the usual log lines,
/// one bar per phase of the stage (cells settled of all) and one per running cell (training cells: step / max steps,
/// rate, ETA; other cells: a spinner while they run). In CI, when output is piped or redirected, or with TERM=dumb:
/// the plain lines alone, no control characters. GROKUNLEARN_PROGRESS=live|plain overrides the choice. A --jobs worker
/// whose parent shows the display sends it events instead (<see cref="ProgressEvents"/>).
/// </summary>
public static class LiveProgress
{
    /// <summary>Set by a live parent for its workers: report progress as event lines on stdout.</summary>
    public const string EventsVariable = "GROKUNLEARN_PROGRESS_EVENTS";

    /// <summary>
    /// Whether this process shows the live display: GROKUNLEARN_PROGRESS=live or plain decides; otherwise (auto) only
    /// when stdout is a terminal, TERM is not dumb and CI is not set.
    /// </summary>
    public static bool Enabled => Environment.GetEnvironmentVariable(EventsVariable) != "1" && (Environment.GetEnvironmentVariable("GROKUNLEARN_PROGRESS") switch
    {
        "live" => true,
        "plain" => false,
        _ => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb"
             && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
    });

    /// <summary>Runs a stage (or a --jobs parent) under the progress display that suits the output.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> stage)
    {
        if (Environment.GetEnvironmentVariable(EventsVariable) == "1")
            return await WithSink(new ProgressEvents.Writer(Console.Out), stage);
        if (!Enabled) return await stage();

        // The display writes through the real stdout; everything the stage writes goes through the display, so log
        // lines scroll above the bars instead of tearing them.
        var stdout = Console.Out;
        var stderr = Console.Error;
        // The display writes to file descriptor 1 itself. Through .NET's console stream, each write takes Console.Out's
        // lock, which the stage's writer (now Console.Out) holds while it waits for the display: a deadlock.
        var fd1 = OperatingSystem.IsWindows() ? Console.OpenStandardOutput()
            : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        // A regular file (GROKUNLEARN_PROGRESS=live > log): FileStream writes at its own offset, not the descriptor's,
        // so later lines would overwrite the display's. A display belongs on a terminal or a pipe; plain lines here.
        if (fd1.CanSeek)
        {
            await fd1.DisposeAsync();
            return await stage();
        }
        using var terminal = new StreamWriter(fd1, new UTF8Encoding(false)) { AutoFlush = true };
        // Asked for explicitly, the display is drawn even into a pipe (a recorded session, the tests).
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new TerminalOutput(terminal), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes,
        });
        var progress = console.Progress().AutoClear(true).HideCompleted(true).Columns(Columns());
        return await progress.StartAsync(async ctx =>
        {
            using var lines = new LineWriter(line => console.WriteLine(line));
            using var errors = new LineWriter(line => console.WriteLine(line));
            Console.SetOut(lines);
            if (!Console.IsErrorRedirected) Console.SetError(errors);
            try
            {
                return await WithSink(new Display(ctx), stage);
            }
            finally
            {
                // An unfinished last line still reaches the output.
                lines.Flush();
                errors.Flush();
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        });
    }

    /// <summary>What a bar shows: name, bar, "done/total steps|cells", rate, ETA, spinner.</summary>
    public static ProgressColumn[] Columns() =>
    [
        new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new CountColumn(), new RateColumn(),
        new RemainingTimeColumn(), new SpinnerColumn(),
    ];

    private static async Task<int> WithSink(IStageProgress sink, Func<Task<int>> stage)
    {
        StageProgress.Sink = sink;
        try
        {
            return await stage();
        }
        finally
        {
            StageProgress.Sink = null;
        }
    }

    /// <summary>The live display: a bar per phase and per running cell (thread-safe: worker events arrive from several readers).</summary>
    public sealed class Display(ProgressContext ctx) : IStageProgress
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (ProgressTask Task, HashSet<string> Cells, HashSet<string> Settled)> _phases = [];
        private readonly Dictionary<string, ProgressTask> _running = [];

        public void PhaseStarted(string stage, string what, IReadOnlyList<string> cells)
        {
            lock (_gate)
            {
                // Every --jobs worker announces the same phase: one bar for all of them.
                var key = $"[{stage}] {what}";
                if (!_phases.TryGetValue(key, out var phase))
                {
                    var task = ctx.AddTask(Markup.Escape(key), maxValue: Math.Max(1, cells.Count));
                    task.State.Update<bool>(CountColumn.CellsKey, _ => true);
                    phase = (task, [], []);
                    _phases[key] = phase;
                }
                phase.Cells.UnionWith(cells);
                phase.Task.MaxValue = Math.Max(1, phase.Cells.Count);
                if (cells.Count == 0) phase.Task.StopTask();
            }
        }

        public void CellStarted(string cellId)
        {
            lock (_gate)
            {
                if (_running.ContainsKey(cellId)) return;
                var task = ctx.AddTask("  " + Markup.Escape(Shorten(cellId)), maxValue: 1);
                task.IsIndeterminate = true;
                _running[cellId] = task;
            }
        }

        public void CellStep(string cellId, long step, long maxSteps)
        {
            lock (_gate)
            {
                if (!_running.TryGetValue(cellId, out var task)) return;
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, maxSteps);
                task.Value = Math.Min(step, maxSteps);
            }
        }

        public void CellSettled(string cellId)
        {
            lock (_gate)
            {
                if (_running.Remove(cellId, out var task))
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
                foreach (var (phase, cells, settled) in _phases.Values)
                    if (cells.Contains(cellId) && settled.Add(cellId))
                    {
                        phase.Value = settled.Count;
                        if (settled.Count >= cells.Count) phase.StopTask();
                    }
            }
        }

        /// <summary>Cell ids run to 90 characters; the bar keeps the start (dataset, model) and the end (checkpoint, method).</summary>
        public static string Shorten(string id, int max = 60) =>
            id.Length <= max ? id : id[..(max / 3)] + "…" + id[^(max - max / 3 - 1)..];
    }

    /// <summary>"1,200/5,000 steps" or "12/798 cells".</summary>
    private sealed class CountColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        /// <summary>A phase's bar counts cells; a cell's bar counts steps.</summary>
        public const string CellsKey = "cells";

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsIndeterminate
                ? new Text("running", new Style(Color.Grey))
                : new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0}/{task.MaxValue:N0} {(task.State.Get<bool>(CellsKey) ? "cells" : "steps")}"));
    }

    /// <summary>Steps (or cells) per second from Spectre's recent samples.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.Speed is { } speed && !task.IsIndeterminate
                ? new Text(string.Create(CultureInfo.InvariantCulture, $"{speed:F1}/s"), new Style(Color.Grey))
                : Text.Empty;
    }

    /// <summary>
    /// The terminal behind the real stdout. Spectre's own output class asks whether its writer is Console.Out, which
    /// stops being true once the stage's writes are routed through the display. The size is read once, before that:
    /// asking .NET for it later takes Console.Out's lock, which a writing thread may hold while it waits for the display.
    /// </summary>
    private sealed class TerminalOutput(TextWriter stdout) : IAnsiConsoleOutput
    {
        public TextWriter Writer => stdout;
        public bool IsTerminal => true;
        public int Width { get; } = Size(() => Console.WindowWidth, "COLUMNS", 80);
        public int Height { get; } = Size(() => Console.WindowHeight, "LINES", 24);
        public void SetEncoding(Encoding encoding) { }

        /// <summary>The terminal's size; in a pipe (GROKUNLEARN_PROGRESS=live) the shell's COLUMNS / LINES, else the classic 80 × 24.</summary>
        private static int Size(Func<int> read, string variable, int fallback)
        {
            try
            {
                if (!Console.IsOutputRedirected && read() is > 0 and var value) return value;
            }
            catch (Exception ex) when (ex is IOException or PlatformNotSupportedException)
            {
            }
            return int.TryParse(Environment.GetEnvironmentVariable(variable), out var set) && set > 0 ? set : fallback;
        }
    }

    /// <summary>Collects writes into lines and hands each whole line on (the display places it above the bars).</summary>
    private sealed class LineWriter(Action<string> line) : TextWriter
    {
        private readonly StringBuilder _pending = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_pending)
            {
                if (value == '\n')
                {
                    line(_pending.ToString().TrimEnd('\r'));
                    _pending.Clear();
                }
                else _pending.Append(value);
            }
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            foreach (var c in value) Write(c);
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }

        public override void Flush()
        {
            lock (_pending)
                if (_pending.Length > 0)
                {
                    line(_pending.ToString());
                    _pending.Clear();
                }
        }
    }
}
