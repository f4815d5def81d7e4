using GrokUnlearn.Analysis;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>One unlearn cell's result and curve.</summary>
public sealed record UnlearnOutput(UnlearnCell Cell, UnlearnResultRow Result, IList<UnlearnCurveRow> Curve);

/// <summary>
/// The Unlearn and Analyze stages' tables, read once for everything that summarises them (report sections, claims,
/// cost, the regression gate).
/// </summary>
public sealed class PipelineOutputs(IReadOnlyList<UnlearnOutput> unlearn, IReadOnlyList<MeasureRow> measures)
{
    /// <summary>The method cells from the starting checkpoints (the trajectory's cells are in <see cref="Trajectory"/>).</summary>
    public IReadOnlyList<UnlearnOutput> Unlearn { get; } = unlearn.Where(u => !Config.TrajectorySpec.IsTrajectory(u.Cell.Checkpoint)).ToList();
    /// <summary>Figure 1(b)'s cells: one method from every traj-k checkpoint.</summary>
    public IReadOnlyList<UnlearnOutput> Trajectory { get; } = unlearn.Where(u => Config.TrajectorySpec.IsTrajectory(u.Cell.Checkpoint)).ToList();
    public IReadOnlyList<UnlearnResultRow> Results { get; } = unlearn.Where(u => !Config.TrajectorySpec.IsTrajectory(u.Cell.Checkpoint)).Select(u => u.Result).ToList();
    public IReadOnlyList<MeasureRow> Measures { get; } = measures;
    /// <summary>Measures of the starting checkpoints (method "none").</summary>
    public IReadOnlyList<MeasureRow> BeforeUnlearning { get; } = measures.Where(m => m.Method == "none").ToList();

    /// <param name="withCurves">False skips the per-update curves (the gate compares results only).</param>
    public static async Task<PipelineOutputs> ReadAsync(IEnumerable<UnlearnCell> unlearn, IEnumerable<AnalyzeCell> analyze, bool withCurves = true)
    {
        var outputs = new List<UnlearnOutput>();
        foreach (var c in unlearn)
        {
            var result = (await ParquetTable.ReadAsync<UnlearnResultRow>(c.LockTable)).Rows.Single();
            var curve = withCurves ? (await ParquetTable.ReadAsync<UnlearnCurveRow>(c.Store.UnlearnCurveTable(c.Id))).Rows : [];
            outputs.Add(new UnlearnOutput(c, result, curve));
        }
        var measures = new List<MeasureRow>();
        foreach (var c in analyze) measures.AddRange((await ParquetTable.ReadAsync<MeasureRow>(c.LockTable)).Rows);
        return new PipelineOutputs(outputs, measures);
    }
}
