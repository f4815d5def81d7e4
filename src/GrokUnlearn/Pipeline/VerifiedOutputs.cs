using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Remembers that a cell's outputs passed the full check (every table decoded, every model hashed), so an unchanged
/// cell is not read again: DVC's state cache. The record sits beside the lock table (<c>.&lt;lock&gt;.verified</c>)
/// and holds the fingerprint checked and a stamp of the cell folder's files (relative path, size, write time; dot-files
/// such as locks and temp files left out). Any edit, added, removed or replaced file changes the stamp and brings the
/// full check back. Git's "racy clean" rule guards the write-time clock: a record is trusted only when every file was
/// last written at least <see cref="RacyWindow"/> before the check that produced it began, so a file rewritten within
/// the clock's granularity (Linux stamps files with a coarse clock) is never mistaken for the verified one.
/// Not detected, as with DVC and git: a different file put in place with the same size and write time (<c>cp -p</c>).
/// </summary>
public static class VerifiedOutputs
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    public static string PathFor(StageCell cell) =>
        Path.Combine(Path.GetDirectoryName(cell.LockTable)!, $".{Path.GetFileName(cell.LockTable)}.verified");

    /// <summary>True when the cell's folder is exactly as it was when its outputs last passed the full check.</summary>
    public static bool Holds(StageCell cell)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathFor(cell));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (lines.Length != 3 || lines[0] != cell.Fingerprint
            || !long.TryParse(lines[1], CultureInfo.InvariantCulture, out var checkStarted)) return false;
        var (stamp, newest) = Stamp(cell);
        return stamp == lines[2] && newest < new DateTime(checkStarted, DateTimeKind.Utc) - RacyWindow;
    }

    /// <summary>Records a passed full check that began at <paramref name="checkStarted"/>; best effort (a read-only store just keeps checking fully).</summary>
    public static void Record(StageCell cell, DateTime checkStarted)
    {
        var (stamp, newest) = Stamp(cell);
        // A file written within the window would not be trusted anyway: no record, so the next check is full.
        if (newest >= checkStarted - RacyWindow) return;
        try
        {
            AtomicFile.WriteAllText(PathFor(cell), $"{cell.Fingerprint}\n{checkStarted.Ticks.ToString(CultureInfo.InvariantCulture)}\n{stamp}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static (string Stamp, DateTime Newest) Stamp(StageCell cell)
    {
        var dir = Path.GetDirectoryName(cell.LockTable)!;
        var text = new StringBuilder();
        var newest = DateTime.MinValue;
        if (Directory.Exists(dir))
        {
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => (Path: f, Relative: Path.GetRelativePath(dir, f).Replace('\\', '/')))
                .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
                .OrderBy(f => f.Relative, StringComparer.Ordinal);
            foreach (var (path, relative) in files)
            {
                var info = new FileInfo(path);
                var written = info.LastWriteTimeUtc;
                if (written > newest) newest = written;
                text.Append(relative).Append('\t').Append(info.Length.ToString(CultureInfo.InvariantCulture))
                    .Append('\t').Append(written.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), newest);
    }
}
