using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// One unit of work of a stage (a dataset, a training run, the report). Its fingerprint is computed from the
/// profile alone (parameters + upstream fingerprints + code version), so status needs no run. The lock table is
/// the output written last; its footer carries the fingerprint.
/// </summary>
public abstract class StageCell
{
    protected StageCell(string stage, string id, string codeVersion, IReadOnlyDictionary<string, object> parameters,
        IReadOnlyDictionary<string, string> inputs, string lockTable)
    {
        Stage = stage;
        Id = id;
        Parameters = parameters;
        Inputs = inputs;
        LockTable = lockTable;
        CodeVersion = codeVersion;
        Fingerprint = Storage.Fingerprint.Compute(stage, codeVersion, parameters, inputs);
    }

    public string CodeVersion { get; }

    public string Stage { get; }
    public string Id { get; }
    public string Fingerprint { get; }
    public IReadOnlyDictionary<string, object> Parameters { get; }
    public IReadOnlyDictionary<string, string> Inputs { get; }
    public string LockTable { get; }

    /// <summary>
    /// Missing, unreadable or differently fingerprinted lock table → stale; then the cell's own checks (every output
    /// decoded and hashed), skipped when <see cref="VerifiedOutputs"/> shows the outputs unchanged since they passed.
    /// </summary>
    public async Task<CellState> CheckAsync()
    {
        if (!File.Exists(LockTable)) return CellState.Stale($"output {Path.GetFileName(LockTable)} is missing");
        // Outputs that passed this check before and have not been touched since are not read again (a cached re-run).
        if (VerifiedOutputs.Holds(this)) return CellState.UpToDate(Fingerprint);
        var started = DateTime.UtcNow;
        var before = VerifiedOutputs.Before(this);
        var state = await CheckFullyAsync();
        if (state.Fresh) VerifiedOutputs.Record(this, started, before);
        return state;
    }

    private async Task<CellState> CheckFullyAsync()
    {
        IReadOnlyDictionary<string, string> meta;
        try
        {
            meta = await ParquetTable.ReadMetadataAsync(LockTable);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            // Any decoder failure (a Thrift footer error is not a ParquetException) means unreadable, never a crash.
            return CellState.Stale($"output {Path.GetFileName(LockTable)} is unreadable ({ex.Message})");
        }
        if (!meta.TryGetValue(ParquetTable.FingerprintKey, out var stored))
            return CellState.Stale($"output {Path.GetFileName(LockTable)} has no fingerprint");
        if (stored != Fingerprint)
            return CellState.Stale($"fingerprint changed ({stored[..Math.Min(12, stored.Length)]} → {Fingerprint[..12]}): {StaleDiff.Explain(meta, this)}");
        try
        {
            return await CheckOutputsAsync() ?? CellState.UpToDate(Fingerprint);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            // A corrupted or truncated output (a table's data pages, a checkpoint) makes the cell stale, never a crash.
            return CellState.Stale($"unreadable output of {Id}: {ex.Message} (in {Path.GetDirectoryName(LockTable)})");
        }
    }

    /// <summary>
    /// A failure that means the file's content is bad (ParquetTable turns every decoder failure and a rows-hash mismatch
    /// into InvalidDataException), as opposed to a transient I/O problem (permissions, a vanished mount) or a bug, which
    /// must surface instead of re-running finished cells.
    /// </summary>
    public static bool IsCorruption(Exception ex) => ex is InvalidDataException or EndOfStreamException;

    /// <summary>Extra checks of the cell's other outputs; null when they are fine.</summary>
    protected virtual Task<CellState?> CheckOutputsAsync() => Task.FromResult<CellState?>(null);

    public Dictionary<string, string> Metadata(int schemaVersion) => new()
    {
        [ParquetTable.FingerprintKey] = Fingerprint,
        [ParquetTable.StageKey] = Stage,
        [ParquetTable.CellKey] = Id,
        [ParquetTable.SchemaVersionKey] = schemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [StaleDiff.CodeVersionKey] = CodeVersion,
        [StaleDiff.ParamsKey] = Storage.Fingerprint.ParametersJson(Parameters),
        [StaleDiff.InputsKey] = Storage.Fingerprint.ParametersJson(Inputs.ToDictionary(kv => kv.Key, kv => (object)kv.Value)),
    };
}
