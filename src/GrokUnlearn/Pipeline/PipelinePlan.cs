using GrokUnlearn.Config;

namespace GrokUnlearn.Pipeline;

/// <summary>Every cell a profile defines, in stage order, with fingerprints computed up front.</summary>
public sealed class PipelinePlan
{
    private PipelinePlan(IReadOnlyList<DataCell> data, IReadOnlyList<ForgetSplitCell> splits, IReadOnlyList<TrainCell> train,
        IReadOnlyList<TrainCell> oracles, IReadOnlyList<UnlearnCell> unlearn, IReadOnlyList<AnalyzeCell> analyze, ReportCell report,
        IReadOnlyList<TrainCell> languageOracles, IReadOnlyList<LanguageUnlearnCell> languageUnlearn)
    {
        LanguageOracles = languageOracles;
        LanguageUnlearn = languageUnlearn;
        Data = data;
        Splits = splits;
        Train = train;
        Oracles = oracles;
        Unlearn = unlearn;
        Analyze = analyze;
        Report = report;
    }

    public IReadOnlyList<DataCell> Data { get; }
    /// <summary>Data stage: one persisted forget/retain split per dataset × scenario.</summary>
    public IReadOnlyList<ForgetSplitCell> Splits { get; }
    public IReadOnlyList<TrainCell> Train { get; }
    /// <summary>Unlearn stage: one retrain-from-scratch oracle per training run × scenario.</summary>
    public IReadOnlyList<TrainCell> Oracles { get; }
    public IReadOnlyList<UnlearnCell> Unlearn { get; }
    /// <summary>Analyze stage: every starting checkpoint before unlearning, and the result of each analysed method.</summary>
    public IReadOnlyList<AnalyzeCell> Analyze { get; }
    public ReportCell Report { get; }
    /// <summary>Unlearn stage: one retain-only oracle per language run × TOFU forget split.</summary>
    public IReadOnlyList<TrainCell> LanguageOracles { get; }
    /// <summary>Unlearn stage: language run checkpoint × forget split × language method.</summary>
    public IReadOnlyList<LanguageUnlearnCell> LanguageUnlearn { get; }

    public IEnumerable<StageCell> All =>
        Data.Cast<StageCell>().Concat(Splits).Concat(Train).Concat(Oracles).Concat(Unlearn)
            .Concat(LanguageOracles).Concat(LanguageUnlearn).Concat(Analyze).Append(Report);

    public static PipelinePlan Create(RunProfile profile, ArtifactStore store, string templatesHash)
    {
        // Only datasets that some training run uses are cells: an unused definition costs nothing.
        var data = profile.Train.Select(t => t.Dataset).DistinctBy(d => d.Name)
            .ToDictionary(d => d.Name, d => new DataCell(d, store));
        var train = new List<TrainCell>();
        foreach (var run in profile.Train)
            foreach (var seed in run.Seeds)
                train.Add(new TrainCell(run, seed, run.Selection ?? profile.Selection, profile.Threads, data[run.Dataset.Name], store));
        var duplicate = train.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException($"{profile.SourcePath}: train: the cell '{duplicate.Key}' is listed twice; each dataset × model × recipe × seed may appear once.");

        var splits = new List<ForgetSplitCell>();
        var oracles = new List<TrainCell>();
        var unlearn = new List<UnlearnCell>();
        var analyze = new List<AnalyzeCell>();
        if (profile.Unlearn is { } u)
        {
            // Forget splits only for datasets of runs that are unlearned (a run with unlearn_checkpoints: [] is only trained).
            var unlearned = train.Where(t => t.Run.Dataset is ModularDatasetSpec && (t.Run.UnlearnCheckpoints ?? u.Checkpoints).Count > 0).ToList();
            foreach (var d in data.Values.Where(d => unlearned.Any(t => t.Data == d)))
                foreach (var scenario in u.Scenarios.Values)
                {
                    var p = ((ModularDatasetSpec)d.Spec).P;
                    var bad = scenario.Classes.FirstOrDefault(c => c >= p, -1);
                    if (bad >= 0)
                        throw new ConfigException($"{profile.SourcePath}: unlearn.scenarios.{scenario.Name}.classes: class {bad} does not exist in dataset {d.Id} (p = {p}); allowed: 0 … {p - 1}.");
                    splits.Add(new ForgetSplitCell(d, scenario, store));
                }
            foreach (var run in unlearned)
                foreach (var split in splits.Where(s => s.Data == run.Data))
                {
                    var oracle = new TrainCell(run.Run, run.Seed, run.Selection, run.Threads, run.Data, store, split);
                    oracles.Add(oracle);
                    foreach (var checkpoint in run.Run.UnlearnCheckpoints ?? u.Checkpoints)
                    {
                        if (profile.Analyze is { } a) analyze.Add(new AnalyzeCell(run, checkpoint, split, null, a, store));
                        foreach (var method in u.Methods)
                        {
                            var cell = new UnlearnCell(run, checkpoint, split, oracle, method, u, store);
                            unlearn.Add(cell);
                            if (profile.Analyze is { } b && b.AfterMethods.Contains(method.Name))
                                analyze.Add(new AnalyzeCell(run, checkpoint, split, cell, b, store));
                        }
                    }
                }
        }
        var languageOracles = new List<TrainCell>();
        var languageUnlearn = new List<LanguageUnlearnCell>();
        if (profile.LanguageUnlearn is { } lu)
            foreach (var run in train.Where(t => t.Run.Dataset is AuthorsDatasetSpec && (t.Run.UnlearnCheckpoints ?? lu.Checkpoints).Count > 0))
                foreach (var split in lu.ForgetSplits)
                {
                    var oracle = new TrainCell(run.Run, run.Seed, run.Selection, run.Threads, run.Data, store, retainOnlyAuthors: split);
                    languageOracles.Add(oracle);
                    foreach (var checkpoint in run.Run.UnlearnCheckpoints ?? lu.Checkpoints)
                        foreach (var method in lu.Methods)
                            languageUnlearn.Add(new LanguageUnlearnCell(run, checkpoint, split, oracle, method, lu, store));
                }
        return new PipelinePlan(data.Values.ToList(), splits, train, oracles, unlearn, analyze,
            new ReportCell(train, unlearn, analyze, profile.Name, templatesHash, store, BenchmarkHash(store, profile.Name), languageUnlearn),
            languageOracles, languageUnlearn);
    }

    /// <summary>SHA-256 over the benchmark tables the report shows (comparison + this profile's throughput); "none" without them.</summary>
    public static string BenchmarkHash(ArtifactStore store, string profile)
    {
        var files = new[] { store.ComparisonTable, store.BenchmarkTable(profile) }.Where(File.Exists).ToList();
        if (files.Count == 0) return "none";
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
