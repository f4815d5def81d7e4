using GrokUnlearn.Data;

namespace GrokUnlearn.Pipeline;

/// <summary>Data stage: writes each dataset's pairs and persisted split (pairs.parquet).</summary>
public sealed class DataStage(Action<string> log)
{
    public Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected) =>
        new StageRunner(log).RunAsync("data", plan.Data.Where(c => selected(c)), force, async cell =>
        {
            var rows = ModularArithmetic.Generate(cell.Spec);
            await ParquetTable.WriteAsync(cell.LockTable, rows.ToList(), cell.Metadata(ModularPairRow.SchemaVersion));
            log($"[data] {cell.Id}: {rows.Count} pairs ({rows.Count(r => r.Split == "train")} train) → {cell.LockTable}");
        });

    public static async Task<IReadOnlyList<ModularPairRow>> ReadPairsAsync(DataCell cell) =>
        (await ParquetTable.ReadAsync<ModularPairRow>(cell.LockTable)).Rows.ToList();
}
