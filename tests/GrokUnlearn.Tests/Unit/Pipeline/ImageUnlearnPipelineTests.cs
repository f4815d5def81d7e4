using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Data;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Tasks;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>
/// The vision track through every stage: partial-class forgetting on the bundled Fashion-MNIST subset, an MLP trained
/// to its pre and grok checkpoints, two methods with minibatches, the mechanism measures, and the report.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ImageUnlearnPipelineTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private const string Yaml = """
        threads: 2
        datasets:
          fm: { kind: fashion-mnist-subset, train_subset: 200, test_subset: 200, validation_subset: 100, split_seed: 1, normalize: true }
        models:
          mlp: { kind: mlp, hidden: [32], init_scale: 1 }
        recipes:
          r: { optimizer: adamw, lr: 0.003, beta2: 0.999, weight_decay: 0.1, warmup_steps: 0, batch_size: 50, max_steps: 300, eval_every: 20, checkpoint_every: 100, stop_after_grok_evals: 3 }
        train:
          - { dataset: fm, model: mlp, recipe: r, seeds: [0], selection: { fit_train_acc: 0.6, grok_test_acc: 0.6, pre_margin: 0.05, paper: { patience: 2, min_delta: 0.01, hold: 2 } } }
        unlearn:
          checkpoints: [pre, grok, paper-pre, paper-grok]
          eval_every: 2
          batch_size: 8
          retain_batch_size: 16
          scenarios:
            half: { kind: partial-class, classes: [0, 1], fraction: 0.5, seed: 0 }
          methods:
            GA: { optimizer: sgd, lr: 0.05, steps: 6 }
            FT: { optimizer: sgd, lr: 0.05, steps: 6 }
          trajectory: { every: 2, method: GA, scenario: half, steps: 2 }
        analyze:
          samples: 24
          pairwise_examples: 4
          cka_reference: pre
          after_methods: [GA]
          local_complexity: { directions: 4, radii: [0.05] }
          hessian: { max_iterations: 5, trace_samples: 5, trace_min_samples: 3 }
        """;

    [Fact]
    public async Task An_Image_Run_Should_Be_Unlearned_Analysed_And_Reported()
    {
        // Given
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("img.yaml"), Yaml);
        var templates = ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        var profile = ProfileLoader.Load(tmp.File("img.yaml"), TestProfiles.RepoRoot());
        var store = new ArtifactStore(tmp.File("artifacts"));
        var plan = PipelinePlan.Create(profile, store, templates.ContentHash);
        var sources = new DatasetSources(store.DownloadsDir, [], TestProfiles.RepoRoot(), downloader: null, _ => { });
        var log = new List<string>();

        // When: data → train → unlearn → analyze → report.
        await new DataStage(log.Add, sources).RunAsync(plan, false, _ => true);
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new AnalyzeStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        Assert.Equal(1, await new ReportStage(log.Add, templates).RunAsync(plan, profile, false));

        // Then: the run evaluated its validation split every time and published both protocols' checkpoints.
        var run = plan.Train.Single();
        var curve = (await ParquetTable.ReadAsync<GrokUnlearn.Training.CurveRow>(store.CurveTable(run.Id))).Rows;
        Assert.All(curve, r => Assert.InRange(r.ValAcc!.Value, 0, 1));
        var kinds = (await ParquetTable.ReadAsync<GrokUnlearn.Training.CheckpointRow>(run.LockTable)).Rows.Select(r => r.Kind).ToList();
        Assert.Contains("paper-pre", kinds);
        Assert.Contains("paper-grok", kinds);
        // Half of the training images of classes 0 and 1 are forgotten; 4 checkpoints (2 per protocol) × 2 methods are done.
        var split = (await ParquetTable.ReadAsync<ForgetSplitRow>(store.ForgetSplitTable("fm", "half"))).Rows;
        Assert.All(split.Where(r => r.Role == "forget"), r => Assert.Contains(r.C, new[] { 0, 1 }));
        Assert.Equal(8, plan.Unlearn.Count(c => !TrajectorySpec.IsTrajectory(c.Checkpoint)));
        foreach (var cell in plan.Unlearn.Where(c => !TrajectorySpec.IsTrajectory(c.Checkpoint)))
        {
            var result = (await ParquetTable.ReadAsync<UnlearnResultRow>(cell.LockTable)).Rows.Single();
            Assert.Equal("done", result.Status);
            Assert.Equal(6, result.Updates);
            Assert.InRange(result.Ua!.Value, 0, 1);
            Assert.True(File.Exists(store.UnlearnedModel(cell.Id)));
            Assert.True((await cell.CheckAsync()).Fresh);
        }
        // Figure 1(b): GA with its 2-update trajectory budget from every 2nd evaluation (steps 40, 80, …, 280: 300 / 40 = 7
        // positions); a position past the run's end is recorded as not reached. The oracle publishes no trajectory checkpoints.
        var trajectory = plan.Unlearn.Where(c => TrajectorySpec.IsTrajectory(c.Checkpoint)).ToList();
        Assert.Equal(Enumerable.Range(1, 7).Select(TrajectorySpec.Label), trajectory.Select(c => c.Checkpoint));
        var lastStep = curve.Max(r => r.Step);
        Assert.True(lastStep >= 40, $"the run stopped at step {lastStep}, before the first trajectory checkpoint");
        foreach (var (cell, k) in trajectory.Select((c, i) => (c, i + 1)))
        {
            var result = (await ParquetTable.ReadAsync<UnlearnResultRow>(cell.LockTable)).Rows.Single();
            if (k * 40 <= lastStep)
            {
                Assert.Equal("done", result.Status);
                Assert.Equal(2, result.Updates);
                Assert.Equal(k * 40, result.CheckpointStep);
                Assert.Contains($"traj-{k}", kinds);
            }
            else Assert.StartsWith($"no traj-{k} checkpoint", result.Status);
        }
        var oracleKinds = (await ParquetTable.ReadAsync<GrokUnlearn.Training.CheckpointRow>(plan.Oracles.Single().LockTable)).Rows.Select(r => r.Kind);
        Assert.DoesNotContain(oracleKinds, TrajectorySpec.IsTrajectory);
        // The measures: every group that applies has numbers; Fourier IPR is n/a for an image model, with the reason.
        var measures = (await ParquetTable.ReadAsync<MeasureRow>(plan.Analyze.First(a => a.Method == "none").LockTable)).Rows;
        foreach (var m in new[] { "grad_cosine", "local_complexity", "class_selectivity", "effective_rank", "cka_linear", "hessian_top_eigenvalue" })
            Assert.Contains(measures, r => r.Measure == m && double.IsFinite(r.Value));
        Assert.Contains(measures, r => r.Measure == "local_complexity" && r.Layer == "hidden.0");
        var fourier = measures.Single(r => r.Measure == "fourier_ipr");
        Assert.True(AnalyzeRunner.IsNotApplicable(fourier));
        Assert.Contains("residues", fourier.Detail);
        Assert.Contains(measures, r => r.Measure == "matched_pairs" && r.Value >= 4);
        // The report carries the image run's unlearning results and mechanism measures.
        var md = ReportText.Markdown(plan.Report.Directory);
        Assert.Contains("fm__mlp__r__seed0", md);
        Assert.Contains("# fm — scenario half", md);
        Assert.Contains("n/a", md);
        Assert.Contains("[paper protocol]", md);
        Assert.Contains("checkpoints selected on validation accuracy, never on test", md);
        Assert.Contains("paper protocol: θ_pre step", md);
        Assert.Contains("fm__mlp__r-trajectory-half-GA.png", md);
        Assert.True(File.Exists(Path.Combine(plan.Report.Directory, "figures", "fm__mlp__r-trajectory-half-GA.svg")));
        // The paper's Table 1 at 50% is matched to the partial-class 50% scenario, for each protocol.
        Assert.Contains("# Table 1 — CIFAR-10, 2 classes, 15% / 50% of their images forgotten: TA / RA / UA before and after unlearning — paper protocol", md);
        Assert.Contains("| ResNet, CIFAR-10, partial-class 50% | GA | UA | 48.23 ± 0.14 | 47.87 ± 2.17 | -0.36 | half |", md);
        // 15% has no counterpart in this profile.
        Assert.Contains("no partial-class 15% scenario in this profile", md);
    }

    [Fact]
    public async Task Paper_ResNet18_Should_Take_Its_First_Minibatch_Unlearning_Updates_And_One_Analysis_On_Cpu()
    {
        // Given: the paper profile's ResNet-18 (BatchNorm) and its unlearn settings, on 20 CIFAR-format images.
        var profile = ProfileLoader.Load("paper", TestProfiles.RepoRoot());
        // The profile carves 5,000 validation images from CIFAR's 50,000; here 4 of the few images stand in for them.
        var spec = (ImageDatasetSpec)profile.Datasets["cifar10"] with { ValidationSubset = 4 };
        var run = profile.Train.Single(t => t.Model.Name == "resnet18");
        var unlearn = profile.Unlearn!;
        Assert.Equal(128, unlearn.Settings.BatchSize);
        var images = CifarBinaryReader.ReadRecords(DatasetFiles.CifarRecords([.. Enumerable.Range(0, 20).Select(i => i % 10)], 1), 1, 10, "tiny.bin");
        var table = new ImageTable(ImageSubset.Rows(spec, images, images), 3, 32, 32, 10, spec.Normalize);
        using var task = new ImageTask(table, run.Model);
        var scenario = unlearn.Scenarios["partial50"];
        var forget = task.ForgetSplit(scenario).Where(r => r.Role == "forget").Select(r => r.Index).ToHashSet();
        // Half (rounded, at least one) of the training images of each of classes 3 and 5.
        var expected = new[] { 3, 5 }.Sum(c => task.TrainingRows().Count(r => r.Label == c) is var n and > 0
            ? Math.Max(1, (int)Math.Round(0.5 * n, MidpointRounding.AwayFromZero)) : 0);
        Assert.Equal(expected, forget.Count);
        Assert.NotEmpty(forget);
        using var tmp = new TempDir();
        var start = tmp.File("start.safetensors");
        using (var model = task.CreateModel(0)) LearningTask.SaveModel(model, start);

        // When: two GA updates with the profile's settings but batches of 2 forget and 4 retain images; then one analysis.
        var method = unlearn.Methods.Single(m => m.Name == "GA") with { Steps = 2 };
        var job = new UnlearnJob("resnet__pre__partial50__GA", "resnet", "cifar10", 0, "pre", "pre", "partial50", method,
            unlearn.Settings with { EvalEvery = 1, BatchSize = 2, RetainBatchSize = 4 }, 0.02, 2, (0, start), start,
            tmp.File("u/result.parquet"), tmp.File("u/curve.parquet"), tmp.File("u/model.safetensors"), _ => []);
        await new UnlearnRunner(_ => { }).RunAsync(job, task, forget);
        var analysis = new AnalyzeJob("resnet__pre__partial50__GA", "resnet", "cifar10", "sgd-cosine", 0, "pre", "pre", "partial50", "GA",
            profile.Analyze! with { Samples = 4, PairwiseExamples = 2, LcDirections = 2, HessianIterations = 2, TraceSamples = 2, TraceMinSamples = 1 },
            2, job.ModelPath, start, "vs before", tmp.File("a/measures.parquet"), _ => []);
        var rows = await new AnalyzeRunner(_ => { }).RunAsync(analysis, task, forget);

        // Then
        var result = (await ParquetTable.ReadAsync<UnlearnResultRow>(job.ResultTable)).Rows.Single();
        Assert.Equal("done", result.Status);
        Assert.Equal(2, result.Updates);
        Assert.Equal([0, 1, 2], (await ParquetTable.ReadAsync<UnlearnCurveRow>(job.CurveTable)).Rows.Select(r => r.Updates));
        Assert.Contains(rows, r => r.Measure == "grad_cosine" && r.Layer == "all" && double.IsFinite(r.Value));
        Assert.Contains(rows, r => r.Measure == "local_complexity" && r.Layer == "layer4.1.relu2");
        Assert.Contains(rows, r => r.Measure == "cka_linear" && r.Layer == "pool" && r.Set == "test");
    }
}
