using DuckDB.NET.Data;
using GrokUnlearn.Config;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Report;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Language;

/// <summary>The language track through Data → Train → Unlearn → Report on a tiny profile: outputs, cache, determinism, errors.</summary>
[Collection(TorchCollection.Name)]
public sealed class LanguagePipelineTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private const string Yaml = """
        description: tiny language track
        # One thread, like every other determinism test here: with two threads, repeating a run in the same process
        # differed in the last bits in about half of the full-suite runs (before the task-model change too).
        threads: 1
        datasets:
          authors:
            kind: fictitious-authors
            authors: 12
            holdout_authors: 2
            templates: 3
            perturbed: 3
        models:
          lm: { kind: transformer, d_model: 16, layers: 1, heads: 2, d_mlp: 32, max_length: 32, init_scale: 1 }
        recipes:
          quick: { lr: 0.01, weight_decay: 0.1, batch_size: 32, max_steps: 200, eval_every: 50, checkpoint_every: 100 }
        train:
          - { dataset: authors, model: lm, recipe: quick, seeds: [0], selection: { fit_train_acc: 0.01, grok_test_acc: 0.99, pre_margin: 0.05 } }
        language_unlearn:
          checkpoints: [fit, final]
          forget_splits: [forget10]
          methods:
            GA: { lr: 0.001, steps: 3 }
            NPO: { lr: 0.001, steps: 3 }

        """;

    private static async Task<PipelinePlan> RunAsync(TempDir tmp, string artifacts, List<string> log)
    {
        File.WriteAllText(tmp.File("lm.yaml"), Yaml);
        var profile = ProfileLoader.Load(tmp.File("lm.yaml"), tmp.Path);
        var plan = PipelinePlan.Create(profile, new ArtifactStore(tmp.File(artifacts)), "t");
        await new DataStage(log.Add).RunAsync(plan, false, _ => true);
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        var templates = ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        await new ReportStage(log.Add, templates).RunAsync(plan, profile, false);
        return plan;
    }

    [Fact]
    public async Task Should_Write_Tofu_Results_Per_Checkpoint_And_Method_Cache_Them_And_Repeat_Them_Exactly()
    {
        // Given / When: the whole track twice into two stores, then once more into the first.
        using var tmp = new TempDir();
        var log = new List<string>();
        var plan = await RunAsync(tmp, "a", log);
        await RunAsync(tmp, "b", []);
        var again = new List<string>();
        await RunAsync(tmp, "a", again);

        // Then: one oracle (retain90 of 12 authors = 11) and 2 checkpoints × 2 methods, each with a result row that an
        // independent reader (DuckDB) reads back.
        Assert.Equal(["authors__lm__quick__seed0__retrain-forget10"], plan.Oracles.Select(o => o.Id));
        Assert.Equal(4, plan.Unlearn.Count);
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        var files = string.Join(", ", plan.Unlearn.Select(c => $"'{c.LockTable}'"));
        cmd.CommandText = $"SELECT method, checkpoint, status, forget_questions, updates, forget_es, forget_quality, model_utility FROM read_parquet([{files}]) ORDER BY checkpoint, method";
        var rows = new List<(string, string, string, int, int, double, double, double)>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read())
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3)),
                    Convert.ToInt32(reader.GetValue(4)), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7)));
        Assert.Equal(["final/GA", "final/NPO", "fit/GA", "fit/NPO"], rows.Select(r => $"{r.Item2}/{r.Item1}"));
        Assert.All(rows, r =>
        {
            Assert.Equal("done", r.Item3);
            Assert.Equal(1 * 6 * 2, r.Item4); // one forgotten author × 6 attributes × 2 trained templates
            Assert.Equal(3, r.Item5);
            Assert.InRange(r.Item6, 0, 1);
            Assert.InRange(r.Item7, 0, 1);
            Assert.InRange(r.Item8, 0, 1);
        });
        // Same seed in another store: the same numbers, to the last bit.
        foreach (var cell in plan.Unlearn)
        {
            var a = (await ParquetTable.ReadAsync<LanguageResultRow>(cell.LockTable)).Rows.Single();
            var b = (await ParquetTable.ReadAsync<LanguageResultRow>(cell.LockTable.Replace($"{Path.DirectorySeparatorChar}a{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}b{Path.DirectorySeparatorChar}"))).Rows.Single();
            Assert.Equal((a.ForgetEs, a.ForgetProb, a.ForgetQuality, a.ModelUtility, a.RetainEs, a.StepsToTarget),
                (b.ForgetEs, b.ForgetProb, b.ForgetQuality, b.ModelUtility, b.RetainEs, b.StepsToTarget));
        }
        // The rerun found everything up to date, and the report has the language section.
        Assert.Contains(again, l => l.Contains("0 of 4 method cell(s) ran"));
        Assert.Contains(again, l => l.Contains("0 of 1 retrain-oracle cell(s) ran"));
        // Forcing one method re-runs its cells only; the oracle they need is up to date and is not retrained.
        var forced = new List<string>();
        await new UnlearnStage(forced.Add).RunAsync(plan, true, c => c.Id.Contains("forget10__GA"), CancellationToken.None);
        Assert.Contains(forced, l => l.Contains("2 of 2 method cell(s) ran"));
        Assert.Contains(forced, l => l.Contains("0 of 1 retrain-oracle cell(s) needed by the selected cells ran"));
        var report = ReportText.Markdown(Path.Combine(tmp.File("a"), "report", "lm"));
        Assert.Contains("## Language track (TOFU-style)", report);
        Assert.Contains("The language track (authors: 1 run(s), 0 grokked by the same 3× rule", report);
        Assert.DoesNotContain("We re-ran the paper's comparison", report); // no vision run in this profile
        Assert.Contains("| forget10 | NPO | fit | 1 |", report);
    }

    [Theory]
    [InlineData("forget_splits: [forget10]", "forget_splits: [forget20]", "unknown forget split 'forget20'; allowed values: forget01, forget05, forget10")]
    [InlineData("GA: { lr: 0.001, steps: 3 }", "SCRUB: { lr: 0.001, steps: 3 }", "method SCRUB does not support language tasks (run authors × lm); it supports: modular, image. Methods for language tasks: GA, GD, KL, IdkPO, NPO, SimNPO, RMU")]
    [InlineData("GA: { lr: 0.001, steps: 3 }", "Forget: { lr: 0.001, steps: 3 }", "unknown method 'Forget'; allowed values: FT, GA")]
    [InlineData("heads: 2", "heads: 3", "3 does not divide d_model 16")]
    [InlineData("perturbed: 3", "perturbed: 3\n    held_out_templates: 3", "held_out_templates")]
    public void Bad_Language_Settings_Should_Be_Refused_Naming_The_File_And_Allowed_Values(string from, string to, string expected)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("lm.yaml"), Yaml.Replace(from, to));
        var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("lm.yaml"), tmp.Path));
        Assert.Contains(tmp.File("lm.yaml"), ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_Language_Dataset_With_A_Non_Language_Model_Should_Be_Refused()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("lm.yaml"), Yaml.Replace("lm: { kind: transformer, d_model: 16, layers: 1, heads: 2, d_mlp: 32, max_length: 32, init_scale: 1 }",
            "lm: { kind: mlp, hidden: [8] }"));
        var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("lm.yaml"), tmp.Path));
        Assert.Contains("is not a language model; allowed for language dataset 'authors': a model of kind transformer", ex.Message);
    }

    private const string LocalGrokking = """
          local_grokking:
            candidate: 0.5
            grokked_within: 50
            ungrokked_drop: 60
            sizes: [2, 1000]
            draws: 2
            methods: [GA]

        """;

    [Fact]
    public async Task The_Table_2_Design_Should_Label_Every_Trained_Question_Draw_Sets_Of_One_Kind_And_Record_Sets_It_Cannot_Draw()
    {
        // Given: thresholds that label every question grokked (no loss moves by 50), so no ungrokked set can be drawn, nor
        // a set of 1,000 (there are 144 trained author questions).
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("lm.yaml"), Yaml + LocalGrokking);
        var profile = ProfileLoader.Load(tmp.File("lm.yaml"), tmp.Path);
        var plan = PipelinePlan.Create(profile, new ArtifactStore(tmp.File("a")), "t");
        var log = new List<string>();

        // When
        await new DataStage(log.Add).RunAsync(plan, false, _ => true);
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        var templates = ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        await new ReportStage(log.Add, templates).RunAsync(plan, profile, false);

        // Then: one labels cell; 2 kinds × 2 sizes × 2 draws × GA, unlearned from the final checkpoint without an oracle.
        var labelsCell = Assert.Single(plan.LocalGrokking);
        var local = plan.Unlearn.Where(c => c.IsLocalGrokking).ToList();
        Assert.Equal(8, local.Count);
        Assert.All(local, c => Assert.Equal(("final", null), (c.Checkpoint, c.Oracle?.Id)));
        var labels = (await ParquetTable.ReadAsync<GrokUnlearn.Language.LocalGrokLabelRow>(labelsCell.LabelTable)).Rows;
        Assert.Equal(12 * 6 * 2, labels.Count);   // every trained author question (12 authors × 6 attributes × 2 trained templates)
        Assert.All(labels, l => Assert.Equal(GrokUnlearn.Language.LocalGrokLabels.Grokked, l.Label));
        Assert.All(labels, l => Assert.Equal(100, l.CandidateStep));   // 0.5 × the final step 200
        var byId = labels.ToDictionary(l => l.Index);
        foreach (var cell in local)
        {
            var row = (await ParquetTable.ReadAsync<LanguageResultRow>(cell.LockTable)).Rows.Single();
            if (cell.Scenario.StartsWith("grokked-n2-", StringComparison.Ordinal))
            {
                Assert.Equal(("done", 2), (row.Status, row.ForgetQuestions));
                Assert.InRange(row.RetainSetEs, 0, 1);
                Assert.True(double.IsNaN(row.ForgetQuality) && row.StepsToTarget is null);
                var (forget, _) = await cell.Forget.ReadAsync();
                Assert.All(forget, i => Assert.Equal(GrokUnlearn.Language.LocalGrokLabels.Grokked, byId[i].Label));
                // The retain set a method draws from and the scorer reads is every other trained author question.
                using var task = await TaskLoader.LoadAsync(cell.Run);
                var retain = task.RetainPool(task.TrainingRows(forget)).Select(r => r.Index).ToList();
                Assert.Empty(retain.Intersect(forget));
                Assert.Equal(labels.Select(l => l.Index).Except(forget).Order(), retain.Order());
            }
            else
            {
                Assert.StartsWith("forget set not drawn: the run has fewer than", row.Status);
            }
        }
        Assert.Contains(log, l => l.Contains("144 grokked, 0 ungrokked, 0 neither of 144 questions; 2 forget sets"));
        var report = ReportText.Markdown(Path.Combine(tmp.File("a"), "report", "lm"));
        Assert.Contains("### The paper's Table 2 design: locally grokked vs ungrokked forget sets", report);
        Assert.Matches(@"\| ES_unlearn ↓ \| GA \| [01]\.\d{3} ± \d\.\d{3} \| — \| — \| — \|", report);
        Assert.Contains("Not run: authors__lm__quick__seed0__final__ungrokked-n2-d1__GA: forget set not drawn", report);

        // The regression gate keeps a Table 2 cell's forget and retain-set ES (no NaN in its JSON) and reads it back.
        var snapshot = await RegressionGate.SnapshotAsync(plan, "lm", new GateTolerance(0.01, 1));
        var gated = snapshot.LanguageResults!.Single(r => r.Cell.EndsWith("grokked-n2-d1__GA", StringComparison.Ordinal) && r.Cell.Contains("__final__grokked", StringComparison.Ordinal));
        Assert.NotNull(gated.ForgetEs);
        Assert.NotNull(gated.RetainEs);
        Assert.Null(gated.ModelUtility);
        RegressionGate.Write(tmp.File("gate.json"), snapshot);
        Assert.Empty(RegressionGate.Compare(RegressionGate.Read(tmp.File("gate.json")), snapshot));

        // A second run finds the labels and every set up to date.
        var again = new List<string>();
        await new UnlearnStage(again.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        Assert.Contains(again, l => l.Contains("0 of 1 local-grokking label cell(s) ran"));
        Assert.Contains(again, l => l.Contains("0 of 12 method cell(s) ran"));
    }

    [Theory]
    [InlineData("methods: [GA]", "methods: [SimNPO]", "'SimNPO' is not a method of this section; allowed values: GA, NPO")]
    [InlineData("candidate: 0.5", "candidate: early", "'early' is neither 'fit' nor a fraction of the run; allowed: fit, or a number in (0, 1)")]
    [InlineData("ungrokked_drop: 60", "ungrokked_drop: 40", "40 is not above grokked_within (50)")]
    [InlineData("candidate: 0.5", "candidate: 0.5\n    seeds: [3]", "no unlearned language run has seed 3; allowed values: 0")]
    [InlineData("sizes: [2, 1000]", "sizes: [2, 2]", "a size is listed twice")]
    public void Bad_Local_Grokking_Settings_Should_Be_Refused_Naming_The_Field(string from, string to, string expected)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("lm.yaml"), Yaml + LocalGrokking.Replace(from, to.Replace("\\n", "\n")));
        var ex = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("lm.yaml"), tmp.Path));
        Assert.Contains(tmp.File("lm.yaml"), ex.Message);
        Assert.Contains("local_grokking", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
