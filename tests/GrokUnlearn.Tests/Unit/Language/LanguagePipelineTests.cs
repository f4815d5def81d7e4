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
        var report = File.ReadAllText(Path.Combine(tmp.File("a"), "report", "lm", "report.md"));
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
}
