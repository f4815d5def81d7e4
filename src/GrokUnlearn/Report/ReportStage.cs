using System.Globalization;
using GrokUnlearn.Config;
using GrokUnlearn.Native;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Training;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Report;

/// <summary>Report stage: one page (HTML + Markdown) with every run's curves, selected checkpoints and provenance.</summary>
public sealed class ReportStage(Action<string> log, ReportTemplates templates)
{
    public Task<int> RunAsync(PipelinePlan plan, RunProfile profile, bool force) =>
        new StageRunner(log).RunAsync("report", [plan.Report], force, async cell =>
        {
            await StageRunner.RequireFreshAsync("report", cell.Runs.Cast<StageCell>().Concat(cell.Unlearn).Concat(cell.Analyze).Concat(cell.LanguageUnlearn).Concat(cell.LocalGrokking)
                .Concat(cell.LocalGrokking.Select(c => ((LocalForgetSet)c.Forget).Labels).Distinct()));
            var store = cell.Runs.FirstOrDefault()?.Store ?? throw new InvalidOperationException("A report needs at least one run.");
            var reportDir = cell.Directory;
            var rows = new List<ReportRunRow>();
            var sections = new List<RunSection>();
            var curves = new List<CostAccounting.RunCurve>();
            var runEvents = new Dictionary<string, GrokEvents>();
            foreach (var run in cell.Runs)
            {
                var (curve, _) = await ParquetTable.ReadAsync<CurveRow>(store.CurveTable(run.Id));
                var (checkpoints, _) = await ParquetTable.ReadAsync<CheckpointRow>(store.CheckpointTable(run.Id));
                var ordered = curve.OrderBy(r => r.Step).ToList();
                var events = GrokDetector.Detect(ordered, run.Selection);
                runEvents[run.Id] = events;
                var (accFig, lossFig) = CurvePlotter.Write(cell.FiguresDirectory, run.Id, ordered, events);
                rows.Add(Summarise(run, ordered, events));
                // Cost accounting weighs training against unlearning, so it counts only runs that are unlearned.
                var language = run.Run.Dataset is AuthorsDatasetSpec;
                var unlearned = (run.Run.UnlearnCheckpoints ?? (language ? profile.LanguageUnlearn?.Checkpoints : profile.Unlearn?.Checkpoints) ?? []).Count > 0;
                if (!run.Run.Recipe.Sam && unlearned && !language)
                    curves.Add(new CostAccounting.RunCurve(run.Run.Dataset.Name, run.Seed, ordered, events.Pre?.Step, events.Grok?.Step));
                sections.Add(Section(run, ordered, events, checkpoints, accFig, lossFig) with
                {
                    Unlearned = unlearned,
                    Language = language,
                    SelectionOverride = run.Run.Selection is { } own ? Describe(own) : "",
                });
            }

            // A method with a learning-rate grid is represented in every headline table by the point the profile's
            // pre-declared rule picks (the same for θ_pre and θ_grok); the grid section shows every point.
            var grid = LearningRateGrid.Build(await PipelineOutputs.ReadAsync(cell.Unlearn, cell.Analyze), profile.Unlearn);
            var outputs = grid.Summary;
            var unlearning = UnlearnTables.Build(cell, outputs);
            var seedSummaries = UnlearnTables.Summarise(outputs);
            var mechanism = MechanismTables.Build(cell, outputs);
            var claims = ClaimVerdicts.Evaluate(outputs.Results, outputs.BeforeUnlearning);
            var (trainingCost, breakEven) = CostAccounting.Build(curves, outputs.Results);
            var summaries = ClaimSummary.Of(claims);
            var paper = PaperComparison.Build(PaperNumbers.Read(templates.PathOf(PaperNumbers.FileName)), outputs.Results, outputs.Measures,
                cell.Runs.Where(r => r.Run.Dataset is ImageDatasetSpec).Select(r => r.Run.Dataset.Name).ToHashSet(),
                profile.Unlearn?.Scenarios.Values.ToList() ?? [], profile.Analyze?.AfterMethods ?? [], ImageSetting(cell.Runs, profile));
            var notBuilt = new List<string>();
            if (profile.Unlearn is { HasGrid: false }) notBuilt.Add("No learning-rate grid in this profile: every unlearning method runs with one set of values (the default profile has a grid).");
            if (profile.Unlearn is null) notBuilt.Insert(0, "This profile has no unlearn section, so no unlearning results.");
            if (profile.Analyze is null) notBuilt.Insert(0, "This profile has no analyze section, so no mechanism measures.");
            var languageTrack = await LanguageTables.ReadAsync(cell.LanguageUnlearn);
            var localGrokking = await LocalGrokTables.ReadAsync(cell.LocalGrokking, PaperTofuNumbers.Read(templates.PathOf(PaperTofuNumbers.FileName)));
            var trajectories = TrajectoryFigures.Build(cell, outputs, runEvents);
            var resultFigures = ResultFigures.Build(cell, outputs);
            var model = new ReportModel(
                profile.Name, profile.Description, File.ReadAllText(profile.SourcePath), cell.Fingerprint,
                Describe(profile.Selection), Software(), sections, unlearning, seedSummaries, mechanism, Notes(profile.Analyze), notBuilt)
            {
                Abstract = ReportAbstract.Write(summaries, sections, outputs.Results.Select(r => r.Method).Distinct().Count(), paper, languageTrack, localGrokking),
                Findings = [.. ClaimSummary.Abstract(summaries, sections, outputs.Results), .. PaperComparison.Abstract(paper), .. ClaimSummary.LanguageAbstract(languageTrack), .. LocalGrokTables.Abstract(localGrokking)],
                PaperComparison = paper,
                Trajectories = trajectories,
                Grid = grid,
                Claims = claims,
                ClaimSummaries = summaries,
                ClaimRule = ClaimVerdicts.Rule,
                TrainingCost = trainingCost,
                BreakEven = breakEven,
                Limitations = Limitations(profile, sections),
                ResultFigures = resultFigures,
                Setup = Setup(profile),
                Performance = await PerformanceTables.ReadAsync(store, profile.Name),
                Language = languageTrack,
                LocalGrokking = localGrokking,
                Headline = HeadlineFigures.Build(sections, trajectories, resultFigures, profile),
                Matrices = VerdictMatrix.Build(claims, ClaimAnchor),
                LanguageMatrices = VerdictMatrix.Build(languageTrack?.Claims ?? [], LanguageClaimAnchor),
                Methods = MethodLines.Build(profile),
            };
            var document = ReportDocument.Render(templates, model);
            WriteSideFiles(reportDir, document.SideFiles);
            AtomicFile.WriteAllText(Path.Combine(reportDir, "index.html"), document.Html);
            AtomicFile.WriteAllText(Path.Combine(reportDir, "report.md"), document.Markdown);
            // The lock table last: the report counts as fresh only once every file above is in place.
            await ParquetTable.WriteAsync(cell.LockTable, rows, cell.Metadata(ReportRunRow.SchemaVersion));
            log($"[report] wrote {Path.Combine(reportDir, "index.html")} and report.md ({sections.Count} run(s)).");
        }, usesTorch: false);

    /// <summary>The ids of the claims tables' rows (index in the table), which the verdict matrices link to.</summary>
    public const string ClaimAnchor = "claim-";
    public const string LanguageClaimAnchor = "lm-claim-";

    /// <summary>Writes the Markdown report's folded tables and removes those a previous report had and this one has not.</summary>
    private static void WriteSideFiles(string reportDir, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, text) in files) AtomicFile.WriteAllText(Path.Combine(reportDir, path), text);
        var folder = Path.Combine(reportDir, ReportFormat.SideFolder);
        if (!Directory.Exists(folder)) return;
        var keep = files.Keys.Select(p => Path.GetFullPath(Path.Combine(reportDir, p))).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.md").Where(f => !keep.Contains(Path.GetFullPath(f))))
            File.Delete(file);
    }

    private static ReportRunRow Summarise(TrainCell run, List<CurveRow> curve, GrokEvents events) => new()
    {
        Cell = run.Id, Dataset = run.Run.Dataset.Name, Kind = run.Run.Dataset.Kind,
        Op = (run.Run.Dataset as ModularDatasetSpec)?.Op.ToString().ToLowerInvariant() ?? "",
        P = (run.Run.Dataset as ModularDatasetSpec)?.P ?? 0, TrainFraction = (run.Run.Dataset as ModularDatasetSpec)?.TrainFraction ?? 0,
        Model = run.Run.Model.Name,
        Recipe = run.Run.Recipe.Name, Seed = run.Seed, StepsTrained = curve[^1].Step, TrainSeconds = curve[^1].TrainSeconds,
        FitStep = events.Fit?.Step, FitTrainAcc = events.Fit?.TrainAcc, FitTestAcc = events.Fit?.TestAcc,
        PreStep = events.Pre?.Step, PreTrainAcc = events.Pre?.TrainAcc, PreTestAcc = events.Pre?.TestAcc,
        GrokStep = events.Grok?.Step, GrokTrainAcc = events.Grok?.TrainAcc, GrokTestAcc = events.Grok?.TestAcc,
        DelayRatio = events.DelayRatio, Grokked = events.Grok is not null, TrainFingerprint = run.Fingerprint,
        PaperPreStep = events.PaperPre?.Step, PaperGrokStep = events.PaperGrok?.Step,
    };

    private static RunSection Section(TrainCell run, List<CurveRow> curve, GrokEvents events, IList<CheckpointRow> checkpoints,
        string accFig, string lossFig)
    {
        var verdict = events.Fit is null ? "did not fit the training set"
            : events.Grok is null ? "fit the training set but did not grok within the step budget"
            : events.DelayRatio >= 3 ? "grokked: generalisation came well after fitting"
            : "generalised, but with little delay after fitting (θ_grok < 3× fit)";
        if (curve.Any(r => r.ValAcc is not null)) verdict += " (checkpoints selected on validation accuracy, never on test)";
        if (run.Selection.Paper is not null)
            verdict += $"; paper protocol: θ_pre {Protocol(events.PaperPre)}, θ_grok {Protocol(events.PaperGrok)}";
        return new RunSection(
            run.Id, run.Run.Dataset.Name, TaskText(run.Run.Dataset),
            run.Run.Model.Name, run.Run.Recipe.Name, run.Seed, curve[^1].Step, Invariant($"{curve[^1].TrainSeconds:F1}"),
            Point(events.Fit), Point(events.Pre), Point(events.Grok),
            events.DelayRatio is { } r ? Invariant($"{r:F1}×") : "n/a", events.Grok is not null, verdict,
            accFig, lossFig, run.Fingerprint, Fingerprint.ParametersJson(run.Parameters),
            checkpoints.OrderBy(c => c.Step).Select(c => new CheckpointLine(c.Kind, c.Step, c.File, c.Sha256)).ToList())
        {
            Sam = run.Run.Recipe.Sam,
            DelayedGrok = events.Grok is not null && events.DelayRatio >= 3,
        };
    }

    /// <summary>A paper-protocol checkpoint for the run table: step and accuracies (train, validation when there is one, test).</summary>
    private static string Protocol(CurveRow? row) => row is null
        ? "not reached"
        : Invariant($"step {row.Step} (train {row.TrainAcc:F3}{(row.ValAcc is { } v ? Invariant($", validation {v:F3}") : "")}, test {row.TestAcc:F3})");

    private static string TaskText(DatasetSpec dataset)
    {
        switch (dataset)
        {
            case ModularDatasetSpec d:
                var symbol = d.Op switch { ModularOp.Add => "+", ModularOp.Sub => "−", ModularOp.Mul => "×", _ => "÷" };
                return Invariant($"a {symbol} b mod {d.P}, {d.TrainFraction:P0} of pairs for training (split seed {d.SplitSeed})");
            case ImageDatasetSpec i:
                static string Size(int n, string what) => n == 0 ? $"all {what}" : Invariant($"{n:N0} {what}");
                return $"{Data.ImageDatasetCatalog.Get(i.Source).Title}: {Size(i.TrainSubset, "training")}" +
                    (i.ValidationSubset > 0 ? Invariant($" / {i.ValidationSubset:N0} validation") : "") + $" / {Size(i.TestSubset, "test")} images " +
                    Invariant($"(split seed {i.SplitSeed}), pixels in [0, 1]{(i.Normalize ? ", standardised per channel" : "")}");
            case AuthorsDatasetSpec a:
                return Invariant($"TOFU-style fictitious authors: {a.Authors} trained + {a.HoldoutAuthors} holdout authors × {Language.AuthorAttribute.All.Count} attributes × {a.Templates} question templates ") +
                    Invariant($"({a.HeldOutTemplates} per author × attribute held out: the test accuracy is exact match on those), {a.Perturbed} perturbed answers, seed {a.Seed}");
            default:
                return dataset.Kind;
        }
    }

    /// <summary>The unlearned image runs in words, for the paper-vs-reproduction section ("img-mlp (mlp) on Fashion-MNIST: 1,000 training …").</summary>
    private static string ImageSetting(IEnumerable<TrainCell> runs, RunProfile profile) => string.Join("; ", runs
        .Where(r => r.Run.Dataset is ImageDatasetSpec && !r.Run.Recipe.Sam && (r.Run.UnlearnCheckpoints ?? profile.Unlearn?.Checkpoints ?? []).Count > 0)
        .Select(r => $"{r.Run.Model.Name} ({r.Run.Model.Kind}) on {TaskText(r.Run.Dataset)}").Distinct());

    private static EventPoint? Point(CurveRow? row) =>
        row is null ? null : new EventPoint(row.Step, Invariant($"{row.TrainAcc:F3}"), Invariant($"{row.TestAcc:F3}"));

    private static IReadOnlyList<SetupLine> Setup(RunProfile profile)
    {
        static string Json(IReadOnlyDictionary<string, object> p) => Fingerprint.ParametersJson(p);
        var lines = new List<SetupLine>();
        lines.AddRange(profile.Train.Select(t => t.Dataset).DistinctBy(d => d.Name).Select(d => new SetupLine("dataset", d.Name, Json(d.Parameters()))));
        lines.AddRange(profile.Train.Select(t => t.Model).DistinctBy(m => m.Name).Select(m => new SetupLine("model", m.Name, Json(m.Parameters()))));
        lines.AddRange(profile.Train.Select(t => t.Recipe).DistinctBy(r => r.Name).Select(r => new SetupLine("recipe", r.Name, Json(r.Parameters()))));
        lines.AddRange(profile.Train.Select(t => new SetupLine("training run", $"{t.Dataset.Name} × {t.Model.Name} × {t.Recipe.Name}",
            $"seeds {string.Join(", ", t.Seeds)}; " + ((t.UnlearnCheckpoints ?? profile.Unlearn?.Checkpoints ?? []) is { Count: > 0 } starts
                ? $"unlearned from {string.Join(", ", starts.Select(t.StartLabel))}"
                : "trained and reported only (not unlearned)") +
            (t.Selection is { } own ? $"; selection {Json(own.Parameters())}" : ""))));
        lines.Add(new SetupLine("selection", "checkpoints", Json(profile.Selection.Parameters())));
        if (profile.Unlearn is { } u)
        {
            lines.Add(new SetupLine("unlearning", "shared", Json(u.SharedParameters())));
            lines.AddRange(u.Scenarios.Values.Select(sc => new SetupLine("scenario", sc.Name, Json(sc.Parameters()))));
            lines.AddRange(u.Methods.Select(m => new SetupLine("method", m.Label, Json(m.Parameters()))));
        }
        if (profile.Analyze is { } a)
            lines.Add(new SetupLine("analysis", $"after {string.Join(", ", a.AfterMethods)}", Json(a.Parameters())));
        lines.Add(new SetupLine("threads", "torch", profile.Threads.ToString(CultureInfo.InvariantCulture)));
        return lines;
    }

    private static IReadOnlyList<string> Limitations(RunProfile profile, IReadOnlyList<RunSection> runs)
    {
        var list = new List<string>();
        // Seeds per setting, each in its own line: a single-seed run has no paired statistics at all.
        foreach (var t in profile.Train)
        {
            var n = t.Seeds.Count;
            list.Add(Invariant($"{t.Dataset.Name} × {t.Model.Name} × {t.Recipe.Name}: {n} training seed(s)") + (n switch
            {
                1 => " — no paired statistics: its comparisons are inconclusive by construction.",
                < 20 => Invariant($" — a paired t-test over {n} pairs has little power, and the exact Wilcoxon p cannot go below {2.0 / Math.Pow(2, n):G3}; \"inconclusive\" often means \"too few seeds\", not \"no effect\"."),
                _ => ".",
            }));
        }
        foreach (var task in runs.Where(r => !r.Sam).Select(r => (r.Task, r.Model)).Distinct())
            list.Add($"Task: {task.Task}, model {task.Model} — a CPU-sized stand-in for the paper's CIFAR-10 ResNet-18 / Phi-1.5 on TOFU.");
        list.AddRange(
        [
            "The forget target is the retrain oracle's forget accuracy plus the tolerance; with full-class forgetting the oracle can never answer the class, so the target is near 0.",
            "The paper's own numbers (paper/paper-numbers.csv) are compared by the direction of θ_grok − θ_pre (section Paper vs reproduction), not by value: our datasets, models and step budgets differ from the paper's, as each table there says.",
            "Unlearning cost per request is updates-to-target × (cell seconds / updates), which includes the per-update evaluation the curves need (eval_every); it overstates the cost of a bare update by the same factor for both checkpoints.",
        ]);
        if (profile.Unlearn is { } u)
            list.Add(u.HasGrid
                ? $"Every method runs with the same hyperparameters from every checkpoint (matched, as in the paper). Gradient methods with a learning-rate grid ({string.Join(", ", u.Methods.Where(m => m.IsGridPoint).Select(m => m.Name).Distinct())}) ran every grid point" +
                  (u.GridScenarios is { } only ? $" on {string.Join(", ", only)} (elsewhere only the first value listed)" : "") +
                  $"; the headline verdicts use the pre-declared rule \"{GridSummaryRule.Describe(u.GridSummary)}\", and the grid section shows every point. Methods without a grid, and the grid's ends, may still be untuned: a failure to reach the target can be a tuning artefact."
                : "Every method runs with the profile's hyperparameters from every checkpoint (matched, as in the paper); no learning-rate grid, so a method's failure to reach the target may be a tuning artefact.");
        if (profile.Train.Any(t => t.Selection?.Paper is not null))
            list.Add("The paper protocol's θ_pre is where early stopping on validation accuracy would stop; on a curve that rises without an early peak (as Omnigrok's do) that is after the fit, so unlike the paper's θ_pre (RA ≈ 79%) ours has fit its training set. The run table gives both checkpoints' train, validation and test accuracy.");
        if (profile.Train.Any(t => t.Recipe.Sam))
            list.Add("The flatness control is one SAM setting (ρ and step budget from the profile); a ρ sweep would be needed before calling flatness irrelevant.");
        else if (profile.Unlearn is not null)
            list.Add("No SAM-trained control in this profile: the paper's Table 11 is compared on θ_pre vs θ_grok only (the modular profile has a SAM control).");
        return list;
    }

    private static MechanismNotes? Notes(AnalyzeSpec? a) => a is null ? null : new MechanismNotes(
        Invariant($"up to {a.Samples} inputs per set (forget, retain, test), drawn once per dataset × scenario × seed, so every checkpoint and method is measured on the same inputs (the aggregate gradient cosine uses the full forget and retain sets); per-example gradient cosines on {a.PairwiseExamples} × {a.PairwiseExamples} pairs."),
        "CKA needs paired inputs, so the paper's forget-vs-retain CKA pairs, on modular arithmetic, " + Tasks.ModularTask.Pairing + "; on images, " + Tasks.ImageTask.Pairing + "; final-layer (last hidden) features.",
        Invariant($"{a.LcDirections} orthogonal directions (2 × {a.LcDirections} vertices) in the model's input space (the embedded operands of a modular MLP, the pixels of an image model); radii {string.Join(", ", a.LcRadii)} × the mean norm of the retain inputs there; every ReLU's pre-activation probed, logits included; random points are Gaussian with the retain inputs' mean and spread. A measure that does not apply to a model (e.g. Fourier IPR of an image model) is shown as n/a with the reason."),
        Invariant($"cross-entropy on the sampled inputs, model in eval mode; power iteration until the relative change < {a.HessianTolerance} (at most {a.HessianIterations} HVPs); Hutchinson with Rademacher probes until the running mean moves < {a.TraceTolerance} relative after ≥ {a.TraceMinSamples} (at most {a.TraceSamples})."),
        Invariant($"before unlearning, every starting checkpoint is compared layer by layer with θ_{a.CkaReference}; after unlearning, with the checkpoint it started from."));

    private static string Describe(SelectionSpec s) =>
        Invariant($"fit = first evaluation with train accuracy ≥ {s.FitTrainAcc}; ") +
        Invariant($"θ_pre = the best selection accuracy from fit onward while it is still below its value at fit + {s.PreMargin} ") +
        "(the memorisation phase, before the delayed jump; ties → earliest); " +
        Invariant($"θ_grok = the first evaluation after fit from which selection accuracy stays ≥ {s.GrokTestAcc} until the end of the run. ") +
        "Selection accuracy is validation accuracy where the dataset has a validation split (never test), else test accuracy." +
        (s.Paper is { } p ? Invariant($" Paper protocol: θ_pre = the best selection accuracy when it has not gained {p.MinDelta} for {p.Patience} evaluations (early stopping); θ_grok = the end of the first window of {p.Hold} evaluations at or above {s.GrokTestAcc} after it.") : "");

    private static IReadOnlyList<SoftwareVersion> Software() =>
    [
        new("GrokUnlearn", typeof(ReportStage).Assembly.GetName().Version?.ToString() ?? "unknown"),
        new(".NET", Environment.Version.ToString()),
        new("TorchSharp", TorchRuntime.TorchSharpVersion),
        new("libtorch (CPU)", "2.10.0"),
        new("OS", System.Runtime.InteropServices.RuntimeInformation.OSDescription),
    ];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
