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
/// the clock's granularity (Linux stamps files with a coarse clock) is never mistaken for the verified one; and the
/// folder is stamped before and after the full check, which is recorded only if nothing changed while it read.
/// The rule compares file write times with this machine's clock, so it assumes the filesystem's clock agrees with it
/// to within the window (true of local disks; an NFS server's clock far behind would weaken it).
/// Not detected, as with DVC and git: a different file put in place with the same size and write time (<c>cp -p</c>).
/// </summary>
public static class VerifiedOutputs
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    /// <summary>The record's format and the checks it vouches for: a record of another version is never trusted.</summary>
    private const string Version = "verified/1";

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
        if (lines.Length != 4 || lines[0] != Version || lines[1] != cell.Fingerprint
            || !long.TryParse(lines[2], CultureInfo.InvariantCulture, out var checkStarted)) return false;
        return Stamp(cell) is { } now && now.Stamp == lines[3] && now.Newest < new DateTime(checkStarted, DateTimeKind.Utc) - RacyWindow;
    }

    /// <summary>
    /// The folder's stamp before a full check; <see cref="Record"/> writes the record only if the folder still has it
    /// after the check (nothing was rewritten while the check read it). Null when the folder is changing under us.
    /// </summary>
    public static string? Before(StageCell cell) => Stamp(cell)?.Stamp;

    /// <summary>Records a passed full check that began at <paramref name="checkStarted"/>; best effort (a read-only store just keeps checking fully).</summary>
    public static void Record(StageCell cell, DateTime checkStarted, string? stampBefore)
    {
        // A file written within the window would not be trusted anyway, and a folder that changed during the check
        // was not what the check read: no record, so the next check is full.
        if (stampBefore is null || Stamp(cell) is not { } after || after.Stamp != stampBefore || after.Newest >= checkStarted - RacyWindow) return;
        try
        {
            AtomicFile.WriteAllText(PathFor(cell), $"{Version}\n{cell.Fingerprint}\n{checkStarted.Ticks.ToString(CultureInfo.InvariantCulture)}\n{after.Stamp}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Null when a file vanished or became unreadable while the folder was listed (a writer is at work).</summary>
    private static (string Stamp, DateTime Newest)? Stamp(StageCell cell)
    {
        try
        {
            return StampOf(Path.GetDirectoryName(cell.LockTable)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (string Stamp, DateTime Newest) StampOf(string dir)
    {
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
                var length = info.Length;   // throws FileNotFoundException when the file went away
                var written = info.LastWriteTimeUtc;
                if (written > newest) newest = written;
                text.Append(relative).Append('\t').Append(length.ToString(CultureInfo.InvariantCulture))
                    .Append('\t').Append(written.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), newest);
    }
}
