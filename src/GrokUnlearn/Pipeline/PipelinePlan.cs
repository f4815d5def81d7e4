using GrokUnlearn.Config;
using GrokUnlearn.Tasks;

namespace GrokUnlearn.Pipeline;

/// <summary>Every cell a profile defines, in stage order, with fingerprints computed up front.</summary>
public sealed class PipelinePlan
{
    private PipelinePlan(IReadOnlyList<DataCell> data, IReadOnlyList<ForgetSplitCell> splits, IReadOnlyList<TrainCell> train,
        IReadOnlyList<TrainCell> oracles, IReadOnlyList<LocalGrokCell> localGrokking, IReadOnlyList<UnlearnCell> unlearn,
        IReadOnlyList<AnalyzeCell> analyze, ReportCell report)
    {
        LocalGrokking = localGrokking;
        Data = data;
        Splits = splits;
        Train = train;
        Oracles = oracles;
        Unlearn = unlearn;
        Analyze = analyze;
        Report = report;
    }

    public IReadOnlyList<DataCell> Data { get; }
    /// <summary>Data stage: one persisted forget/retain split per dataset × scenario (for a language dataset, per TOFU forget split).</summary>
    public IReadOnlyList<ForgetSplitCell> Splits { get; }
    public IReadOnlyList<TrainCell> Train { get; }
    /// <summary>Unlearn stage: one retrain-from-scratch oracle per training run × scenario (retain-only for a language run).</summary>
    public IReadOnlyList<TrainCell> Oracles { get; }
    /// <summary>Unlearn stage: the Table 2 design's labels and forget sets, one per labelled language run.</summary>
    public IReadOnlyList<LocalGrokCell> LocalGrokking { get; }
    /// <summary>Unlearn stage: checkpoint × scenario × method of every unlearned run, all tracks (local-grokking sets included).</summary>
    public IReadOnlyList<UnlearnCell> Unlearn { get; }
    /// <summary>Analyze stage: every starting checkpoint before unlearning, and the result of each analysed method.</summary>
    public IReadOnlyList<AnalyzeCell> Analyze { get; }
    public ReportCell Report { get; }

    public IEnumerable<StageCell> All =>
        Data.Cast<StageCell>().Concat(Splits).Concat(Train).Concat(Oracles).Concat(LocalGrokking).Concat(Unlearn).Concat(Analyze).Append(Report);

    public static PipelinePlan Create(RunProfile profile, ArtifactStore store, string templatesHash)
    {
        // Only datasets that some training run uses are cells: an unused definition costs nothing.
        var data = profile.Train.Select(t => t.Dataset).DistinctBy(d => d.Name)
            .ToDictionary(d => d.Name, d => new DataCell(d, store));
        var train = new List<TrainCell>();
        foreach (var run in profile.Train)
            foreach (var seed in run.Seeds)
            {
                var selection = run.Selection ?? profile.Selection;
                // Runs the trajectory unlearns publish its checkpoints (classifier runs the unlearn section unlearns, not SAM controls).
                if (profile.Unlearn?.Trajectory is { } trajectory && !run.Recipe.Sam && TaskKinds.Classifiers.Contains(TaskKinds.Of(run.Dataset))
                    && (run.UnlearnCheckpoints ?? profile.Unlearn.Checkpoints).Count > 0)
                    selection = selection with { TrajectoryEvery = trajectory.Every };
                train.Add(new TrainCell(run, seed, selection, profile.Threads, data[run.Dataset.Name], store) { Device = profile.Device });
            }
        var duplicate = train.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException($"{profile.SourcePath}: train: the cell '{duplicate.Key}' is listed twice; each dataset × model × recipe × seed may appear once.");

        var splits = new List<ForgetSplitCell>();
        var oracles = new List<TrainCell>();
        var unlearn = new List<UnlearnCell>();
        var analyze = new List<AnalyzeCell>();
        var localGrokking = new List<LocalGrokCell>();
        // The classifier section unlearns modular and image runs; the language section, language runs.
        foreach (var (section, name, kinds) in new[] { (profile.Unlearn, "unlearn", TaskKinds.Classifiers), (profile.LanguageUnlearn, "language_unlearn", TaskKinds.LanguageOnly) })
        {
            if (section is null) continue;
            // Forget splits only for datasets of runs that are unlearned (a run with unlearn_checkpoints: [] is only trained).
            var unlearned = train.Where(t => kinds.Contains(t.Kind) && (t.Run.UnlearnCheckpoints ?? section.Checkpoints).Count > 0).ToList();
            var sectionSplits = new List<ForgetSplitCell>();
            foreach (var d in data.Values.Where(d => unlearned.Any(t => t.Data == d)))
                foreach (var scenario in section.Scenarios.Values)
                {
                    if (d.Spec is ModularDatasetSpec { P: var p } && scenario.Classes.FirstOrDefault(c => c >= p, -1) is var bad and >= 0)
                        throw new ConfigException($"{profile.SourcePath}: {name}.scenarios.{scenario.Name}.classes: class {bad} does not exist in dataset {d.Id} (p = {p}); allowed: 0 … {p - 1}.");
                    sectionSplits.Add(new ForgetSplitCell(d, scenario, store));
                }
            splits.AddRange(sectionSplits);
            foreach (var run in unlearned)
                foreach (var split in sectionSplits.Where(s => s.Data == run.Data))
                {
                    // The oracle's checkpoint is its final one: it trains by the controlled stop rule (the selection threshold
                    // held for stop_after_grok_evals evaluations), without the paper protocol's θ_grok window or the trajectory.
                    var oracle = new TrainCell(run.Run, run.Seed, run.Selection with { TrajectoryEvery = 0, Paper = null }, run.Threads, run.Data, store, split) { Device = run.Device };
                    oracles.Add(oracle);
                    if (section.Trajectory is { } trajectory && run.Selection.TrajectoryEvery > 0 && split.Scenario.Name == trajectory.Scenario)
                    {
                        var method = section.Methods.Single(m => m.Name == trajectory.Method && m.Primary);
                        method = method with { Steps = trajectory.Steps ?? method.Steps };
                        for (var k = 1; k <= trajectory.Positions(run.Run.Recipe); k++)
                            unlearn.Add(new UnlearnCell(run, TrajectorySpec.Label(k), split, oracle, method, section, store));
                    }
                    foreach (var checkpoint in run.Run.UnlearnCheckpoints ?? section.Checkpoints)
                    {
                        var analysed = section == profile.Unlearn ? profile.Analyze : null;
                        if (analysed is not null) analyze.Add(new AnalyzeCell(run, checkpoint, split, null, analysed, store));
                        foreach (var method in section.MethodsFor(split.Scenario.Name))
                        {
                            var cell = new UnlearnCell(run, checkpoint, split, oracle, method, section, store);
                            unlearn.Add(cell);
                            // Analyses after a method measure its primary grid point (one lr, the same for every checkpoint).
                            if (analysed is not null && method.Primary && analysed.AfterMethods.Contains(method.Name))
                                analyze.Add(new AnalyzeCell(run, checkpoint, split, cell, analysed, store));
                        }
                    }
                }
            // The Table 2 design: labels + forget sets of the chosen seeds' runs, each set unlearned from the final checkpoint.
            if (section.LocalGrokking is { } local)
                foreach (var run in unlearned.Where(r => (local.Seeds ?? [r.Run.Seeds[0]]).Contains(r.Seed)))
                {
                    var labels = new LocalGrokCell(run, local, store);
                    localGrokking.Add(labels);
                    foreach (var kind in Language.LocalGrokLabels.Kinds)
                        foreach (var size in local.Sizes)
                            for (var draw = 1; draw <= local.Draws; draw++)
                                foreach (var method in local.Methods)
                                    unlearn.Add(new UnlearnCell(run, LocalGrokSpec.Checkpoint, new LocalForgetSet(labels, kind, size, draw), null, method, section, store));
                }
        }
        return new PipelinePlan(data.Values.ToList(), splits, train, oracles, localGrokking, unlearn, analyze,
            new ReportCell(train, unlearn, analyze, profile.Name, templatesHash, store, BenchmarkHash(store, profile.Name)));
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
