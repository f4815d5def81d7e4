using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>A scenario's persisted forget/retain partition of one dataset's training split; shared by every method and seed.</summary>
public sealed class ForgetSplitCell(DataCell data, ScenarioSpec scenario, ArtifactStore store)
    : StageCell("data", $"{data.Id}.{scenario.Name}", CodeVersionSalt, scenario.Parameters(),
        new Dictionary<string, string> { ["data"] = data.Fingerprint }, store.ForgetSplitTable(data.Id, scenario.Name)), IForgetSource
{
    public const string CodeVersionSalt = "data/forget-split/1";

    public DataCell Data { get; } = data;
    public ScenarioSpec Scenario { get; } = scenario;

    public string Name => Scenario.Name;
    public StageCell Cell => this;
    public (string Key, string Fingerprint) Input => ("forget_split", Fingerprint);
    public IReadOnlyList<int> ForgottenClasses => Scenario.Kind == ScenarioKind.Class ? Scenario.Classes : [];
    public async Task<(IReadOnlySet<int> Forget, string? NotDrawn)> ReadAsync() => (await DataStage.ReadForgetIndicesAsync(this), null);

    /// <summary>The split is read once: its rows hash is verified on read, so a corrupted split is stale.</summary>
    protected override async Task<CellState?> CheckOutputsAsync()
    {
        await Storage.ParquetTable.ReadAsync<Tasks.ForgetSplitRow>(LockTable);
        return null;
    }
}
