using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Tasks;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Runs one analysis, for any task: loads the state (a starting checkpoint, or an unlearned model) and the CKA partner,
/// draws the fixed sample, runs every measure group of <see cref="MeasureRegistry"/> that applies (the others are
/// recorded as "n/a" with the reason), and writes measures.parquet (one row per number, with the seconds each group took).
/// </summary>
public sealed class AnalyzeRunner(Action<string> log)
{
    public async Task<IReadOnlyList<MeasureRow>> RunAsync(AnalyzeJob job, LearningTask task, IReadOnlySet<int> forget)
    {
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(job.Threads);
        var rows = new List<MeasureRow>();
        if (job.ModelPath is null || !File.Exists(job.ModelPath))
        {
            log($"[analyze] {job.Id}: no {(job.Method == "none" ? job.Checkpoint + " checkpoint" : "unlearned model")} (the run never reached {job.Checkpoint}); recorded without measures.");
        }
        else
        {
            using var data = UnlearnData.From(task, forget, 0);
            using var sample = new AnalysisSample(data, task, job.Spec.Samples, job.Dataset, job.Scenario, job.Seed);
            using var model = Load(task, job.ModelPath);
            using var partner = job.PartnerPath is null ? null : Load(task, job.PartnerPath);
            var timings = new List<(string Name, double Seconds)>();
            var context = new MeasureContext(task, model, data, sample, job.Spec, partner, job.PartnerLabel,
                (measure, layer, set, value, detail) => rows.Add(Row(job, measure, layer, set, value, detail)));
            foreach (var group in MeasureRegistry.All)
            {
                var first = rows.Count;
                var watch = Stopwatch.StartNew();
                if (group.NotApplicable(task, model) is { } reason)
                    foreach (var measure in group.Measures) context.Add(measure, "all", "", double.NaN, $"n/a: {reason}");
                else
                    group.Measure(context);
                var seconds = watch.Elapsed.TotalSeconds;
                for (var i = first; i < rows.Count; i++) rows[i].Seconds = seconds;
                timings.Add((group.Name, seconds));
            }
            log(string.Create(CultureInfo.InvariantCulture,
                $"[analyze] {job.Id}: {rows.Count} numbers in {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", timings.Select(t => $"{t.Name} {t.Seconds:F1} s"))}); " +
                $"grad cos {Find(rows, "grad_cosine", "all"):F3}, λ_max(retain) {Find(rows, "hessian_top_eigenvalue", "all", "retain"):G3}"));
        }
        await ParquetTable.WriteAsync(job.MeasureTable, rows, job.Metadata(MeasureRow.SchemaVersion));
        return rows;
    }

    /// <summary>True for a row that records a measure as not applicable.</summary>
    public static bool IsNotApplicable(MeasureRow row) => row.Detail.StartsWith("n/a:", StringComparison.Ordinal);

    private static double Find(List<MeasureRow> rows, string measure, string layer, string? set = null) =>
        rows.FirstOrDefault(r => r.Measure == measure && r.Layer == layer && (set is null || r.Set == set))?.Value ?? double.NaN;

    private static nn.Module<Tensor, Tensor> Load(LearningTask task, string path)
    {
        var model = task.LoadModel(path);
        model.eval();
        return model;
    }

    private static MeasureRow Row(AnalyzeJob job, string measure, string layer, string set, double value, string detail) => new()
    {
        Cell = job.Id, TrainCell = job.Run, Dataset = job.Dataset, Recipe = job.Recipe, Seed = job.Seed, Checkpoint = job.StartLabel,
        Scenario = job.Scenario, Method = job.Method, Measure = measure, Layer = layer, Set = set, Detail = detail, Value = value,
    };
}
