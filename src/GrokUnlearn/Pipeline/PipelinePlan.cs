using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>Every cell a profile defines, in stage order, with fingerprints computed up front.</summary>
public sealed class PipelinePlan
{
    private PipelinePlan(IReadOnlyList<DataCell> data, IReadOnlyList<TrainCell> train, ReportCell report)
    {
        Data = data;
        Train = train;
        Report = report;
    }

    public IReadOnlyList<DataCell> Data { get; }
    public IReadOnlyList<TrainCell> Train { get; }
    public ReportCell Report { get; }

    public IEnumerable<StageCell> All => Data.Cast<StageCell>().Concat(Train).Append(Report);

    public static PipelinePlan Create(RunProfile profile, ArtifactStore store, string templatesHash)
    {
        // Only datasets that some training run uses are cells: an unused definition costs nothing.
        var data = profile.Train.Select(t => t.Dataset).DistinctBy(d => d.Name)
            .ToDictionary(d => d.Name, d => new DataCell(d, store));
        var train = new List<TrainCell>();
        foreach (var run in profile.Train)
            foreach (var seed in run.Seeds)
                train.Add(new TrainCell(run, seed, profile.Selection, profile.Threads, data[run.Dataset.Name], store));
        var duplicate = train.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException($"{profile.SourcePath}: train: the cell '{duplicate.Key}' is listed twice; each dataset × model × recipe × seed may appear once.");
        return new PipelinePlan(data.Values.ToList(), train, new ReportCell(train, profile.Name, templatesHash, store));
    }
}
