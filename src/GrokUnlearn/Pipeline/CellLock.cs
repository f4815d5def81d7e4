using System.Globalization;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// An exclusive lock on one cell while a process runs it: a file beside the cell's lock table
/// (<c>.&lt;lock table&gt;.lock</c>), opened with FileShare.None — on Linux and macOS .NET takes an flock, released by the
/// kernel when the process dies, so a killed run never leaves the cell locked. A sidecar file (<c>….lock.holder</c>; the
/// lock file itself cannot be read while locked) says who holds it — PID, start time, command line — so a second
/// process can name the holder.
/// </summary>
public sealed class CellLock : IDisposable
{
    private readonly FileStream _stream;

    private CellLock(FileStream stream) => _stream = stream;

    public static string PathFor(StageCell cell) =>
        Path.Combine(Path.GetDirectoryName(cell.LockTable)!, $".{Path.GetFileName(cell.LockTable)}.lock");

    /// <summary>The lock, or null with the holder's description when another process holds it.</summary>
    public static (CellLock? Lock, string Holder) TryAcquire(StageCell cell)
    {
        var path = PathFor(cell);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            try
            {
                // Best effort: the lock holds without it (host name, for processes on other nodes of a cluster).
                Storage.AtomicFile.WriteAllText(path + ".holder", string.Create(CultureInfo.InvariantCulture,
                    $"PID {Environment.ProcessId} on {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {string.Join(' ', Environment.GetCommandLineArgs())}"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
            return (new CellLock(stream), "");
        }
        catch (IOException)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(path + ".holder");
            }
            catch (IOException)
            {
                holder = "";
            }
            return (null, holder.Length == 0 ? "another process" : holder);
        }
    }

    public void Dispose() => _stream.Dispose();
}
