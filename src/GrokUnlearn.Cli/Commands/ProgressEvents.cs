using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Pipeline;

namespace GrokUnlearn.Cli.Commands;

/// <summary>
/// Progress of a --jobs worker for its parent's live display, as lines on the worker's stdout beside its log lines:
/// <c>##grokunlearn-progress</c>, a kind and tab-separated fields. The parent turns them back into calls on its display
/// and never prints them; workers write them only when the parent asked (<see cref="LiveProgress.EventsVariable"/>).
/// </summary>
public static class ProgressEvents
{
    public const string Prefix = "##grokunlearn-progress\t";

    /// <summary>In a worker: each event as one line (steps at most five times a second per cell).</summary>
    public sealed class Writer(TextWriter output) : IStageProgress
    {
        private static readonly long StepInterval = Stopwatch.Frequency / 5;
        private readonly Dictionary<string, long> _lastStep = [];

        public void PhaseStarted(string stage, string what, IReadOnlyList<string> cells) =>
            Emit(["phase", stage, what, .. cells]);

        public void CellStarted(string cellId) => Emit(["start", cellId]);

        public void CellStep(string cellId, long step, long maxSteps)
        {
            var now = Stopwatch.GetTimestamp();
            if (_lastStep.TryGetValue(cellId, out var last) && now - last < StepInterval && step < maxSteps) return;
            _lastStep[cellId] = now;
            Emit(["step", cellId, step.ToString(CultureInfo.InvariantCulture), maxSteps.ToString(CultureInfo.InvariantCulture)]);
        }

        public void CellSettled(string cellId)
        {
            _lastStep.Remove(cellId);
            Emit(["settled", cellId]);
        }

        private void Emit(IEnumerable<string> fields)
        {
            var line = Prefix + string.Join('\t', fields.Select(f => f.Replace('\t', ' ').Replace('\n', ' ')));
            lock (output) output.WriteLine(line);
        }
    }

    /// <summary>In the parent: whether the line is an event, and if so hands it to <paramref name="sink"/> (when there is one).</summary>
    public static bool TryDispatch(string line, IStageProgress? sink)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var f = line[Prefix.Length..].Split('\t');
        if (sink is null) return true;
        switch (f[0])
        {
            case "phase" when f.Length >= 3:
                sink.PhaseStarted(f[1], f[2], f[3..]);
                break;
            case "start" when f.Length == 2:
                sink.CellStarted(f[1]);
                break;
            case "step" when f.Length == 4 && long.TryParse(f[2], CultureInfo.InvariantCulture, out var step)
                                           && long.TryParse(f[3], CultureInfo.InvariantCulture, out var max):
                sink.CellStep(f[1], step, max);
                break;
            case "settled" when f.Length == 2:
                sink.CellSettled(f[1]);
                break;
        }
        return true;
    }
}
