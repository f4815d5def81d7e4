using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Tasks;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>
/// Data stage: writes each modular dataset's pairs and split (pairs.parquet); obtains each image dataset's files
/// (<see cref="DatasetSources"/>: cache, mirrors, download) and persists its training and evaluation subsets with
/// pixels (images.parquet); generates each language knowledge base (qa.parquet); then each scenario's forget split,
/// drawn by the dataset's task (<see cref="LearningTask.ForgetSplit"/>).
/// </summary>
public sealed class DataStage(Action<string> log, DatasetSources? sources = null)
{
    public async Task<int> RunAsync(PipelinePlan plan, bool force, Func<StageCell, bool> selected, CancellationToken ct = default)
    {
        var runner = new StageRunner(log);
        var ran = await runner.RunAsync("data", plan.Data.Where(c => selected(c)), force, async cell =>
        {
            if (cell.Spec is ImageDatasetSpec image)
            {
                await WriteImagesAsync(cell, image, ct);
                return;
            }
            if (cell.Spec is AuthorsDatasetSpec authors)
            {
                var qa = Language.FictitiousAuthors.Generate(authors);
                await ParquetTable.WriteAsync(cell.LockTable, qa.ToList(), cell.Metadata(Language.QaRow.SchemaVersion));
                log($"[data] {cell.Id}: {authors.Authors} + {authors.HoldoutAuthors} holdout authors, {qa.Count} questions " +
                    $"({qa.Count(r => r.Trained)} trained, {qa.Count(r => r.Split == Language.QaRow.HeldOutTemplate)} in held-out templates) → {cell.LockTable}");
                return;
            }
            var rows = ModularArithmetic.Generate((ModularDatasetSpec)cell.Spec);
            await ParquetTable.WriteAsync(cell.LockTable, rows.ToList(), cell.Metadata(ModularPairRow.SchemaVersion));
            log($"[data] {cell.Id}: {rows.Count} pairs ({rows.Count(r => r.Split == "train")} train) → {cell.LockTable}");
        }, "dataset cell(s)");
        if (plan.Splits.Count == 0) return ran;
        return ran + await runner.RunAsync("data", plan.Splits.Where(c => selected(c)), force, async cell =>
        {
            await StageRunner.RequireFreshAsync("data", [cell.Data]);
            using var task = await TaskLoader.LoadAsync(cell.Data);
            var rows = task.ForgetSplit(cell.Scenario);
            await ParquetTable.WriteAsync(cell.LockTable, rows.ToList(), cell.Metadata(ForgetSplitRow.SchemaVersion));
            log($"[data] {cell.Id}: forget {rows.Count(r => r.Role == "forget")} of {rows.Count} training rows → {cell.LockTable}");
        }, "forget-split cell(s)");
    }

    private async Task WriteImagesAsync(DataCell cell, ImageDatasetSpec spec, CancellationToken ct)
    {
        if (sources is null) throw new InvalidOperationException("the Data stage needs dataset sources to read image datasets.");
        var (train, test) = await ImageDatasetLoader.LoadAsync(spec, sources, ct);
        var rows = ImageSubset.Rows(spec, train, test);
        var meta = cell.Metadata(ImageRow.SchemaVersion);
        foreach (var (k, v) in ImageTable.ShapeMetadata(train, spec.Normalize, rows)) meta[k] = v;
        await ParquetTable.WriteAsync(cell.LockTable, rows.ToList(), meta);
        log($"[data] {cell.Id}: {rows.Count(r => r.Split == "train")} of {train.Count} training and {rows.Count(r => r.Split == "test")} of {test.Count} test images " +
            $"({train.Channels}×{train.Height}×{train.Width}, {train.Classes} classes) → {cell.LockTable}");
    }

    public static async Task<IReadOnlyList<Language.QaRow>> ReadQaAsync(DataCell cell) =>
        (await ParquetTable.ReadAsync<Language.QaRow>(cell.LockTable)).Rows.ToList();

    public static async Task<IReadOnlyList<ModularPairRow>> ReadPairsAsync(DataCell cell) =>
        (await ParquetTable.ReadAsync<ModularPairRow>(cell.LockTable)).Rows.ToList();

    public static async Task<IReadOnlySet<int>> ReadForgetIndicesAsync(ForgetSplitCell cell) =>
        (await ParquetTable.ReadAsync<ForgetSplitRow>(cell.LockTable)).Rows.Where(r => r.Role == "forget").Select(r => r.Index).ToHashSet();
}
