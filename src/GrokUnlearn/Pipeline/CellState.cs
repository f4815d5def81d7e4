namespace GrokUnlearn.Pipeline;

/// <summary>Whether a cell's outputs are up to date, and why not (DVC's "changed because ...").</summary>
public sealed record CellState(bool Fresh, string Reason)
{
    public static CellState UpToDate(string fingerprint) => new(true, $"fingerprint {fingerprint[..12]} matches");
    public static CellState Stale(string reason) => new(false, reason);
}
