using System.Globalization;
using DuckDB.NET.Data;
using GrokUnlearn.Analysis;
using GrokUnlearn.Config;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Pipeline;

/// <summary>The Analyze stage on the tiny profile: which cells exist, what they write, caching and determinism.</summary>
[Collection(TorchCollection.Name)]
public sealed class AnalyzeStageTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static string Yaml(double gaLr, int samples) => TestProfiles.TinyYaml() + $$"""

        unlearn:
          checkpoints: [fit, final]
          scenarios:
            class2: { kind: class, classes: [2] }
          methods:
            GA: { optimizer: sgd, lr: {{gaLr.ToString(CultureInfo.InvariantCulture)}}, steps: 5 }
            SSD: { alpha: 10, lambda: 1 }
        analyze:
          samples: {{samples}}
          pairwise_examples: 4
          cka_reference: fit
          after_methods: [GA]
          local_complexity: { directions: 4, radii: [0.1] }
          hessian: { max_iterations: 10, trace_samples: 10, trace_min_samples: 5 }
        """;

    private static async Task<(PipelinePlan Plan, int Ran)> RunAsync(TempDir tmp, ArtifactStore store, double gaLr = 0.05, int samples = 40,
        List<string>? log = null)
    {
        log ??= [];
        File.WriteAllText(tmp.File("a.yaml"), Yaml(gaLr, samples));
        var plan = PipelinePlan.Create(ProfileLoader.Load(tmp.File("a.yaml"), tmp.Path), store, "t");
        await new DataStage(log.Add).RunAsync(plan, false, _ => true);
        await new TrainStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        await new UnlearnStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        var ran = await new AnalyzeStage(log.Add).RunAsync(plan, false, _ => true, CancellationToken.None);
        return (plan, ran);
    }

    [Fact]
    public async Task Should_Measure_Each_Starting_Checkpoint_And_Each_Listed_Method_Then_Rerun_Only_What_Changed()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));

        // 2 runs × 2 checkpoints × (before + GA); SSD is not in after_methods.
        var (plan, ran) = await RunAsync(tmp, store);
        Assert.Equal(8, ran);
        Assert.Equal(["GA", "none"], plan.Analyze.Select(c => c.Method).Distinct().Order());
        Assert.Equal(0, (await RunAsync(tmp, store)).Ran);

        // A GA hyperparameter: its unlearn cells and their analyses re-run; the before-unlearning analyses do not.
        var log = new List<string>();
        Assert.Equal(4, (await RunAsync(tmp, store, gaLr: 0.07, log: log)).Ran);
        Assert.Contains(log, l => l.StartsWith("[analyze] add11__mlp__quick__seed0__final__class2__GA: stale", StringComparison.Ordinal)
                                  && l.Contains("input unlearn", StringComparison.Ordinal));
        // An analysis parameter re-runs every analysis and nothing upstream.
        var unlearnWritten = File.GetLastWriteTimeUtc(plan.Unlearn[0].LockTable);
        Assert.Equal(8, (await RunAsync(tmp, store, gaLr: 0.07, samples: 30)).Ran);
        Assert.Equal(unlearnWritten, File.GetLastWriteTimeUtc(plan.Unlearn[0].LockTable));
    }

    [Fact]
    public async Task Measures_Should_Be_Readable_By_An_Independent_Reader_And_Cover_Every_Measure()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var (plan, _) = await RunAsync(tmp, store);
        var final = plan.Analyze.Single(c => c.Id == "add11__mlp__quick__seed0__final__class2__none");
        var after = plan.Analyze.Single(c => c.Id == "add11__mlp__quick__seed0__final__class2__GA");
        var unreached = plan.Analyze.Single(c => c.Id == "mul11__mlp__slow__seed0__fit__class2__none");

        var rows = Query(final.LockTable);
        var measures = rows.Select(r => r.Measure).ToHashSet();
        foreach (var m in new[] { "grad_cosine", "grad_angle_deg", "grad_pairwise_cosine", "local_complexity", "class_selectivity",
                     "effective_rank", "top_unit_jaccard", "fourier_ipr", "cka_linear", "cka_debiased", "hessian_top_eigenvalue", "hessian_trace" })
            Assert.Contains(m, measures);
        // Per-layer gradient cosines for every module, CKA against θ_fit layer by layer on three sets.
        Assert.Equal(["all", "embed", "head", "hidden.0"], rows.Where(r => r.Measure == "grad_cosine").Select(r => r.Layer).Order());
        var ckaVsFit = rows.Where(r => r.Measure == "cka_linear" && r.Detail == "vs fit").ToList();
        Assert.Equal(3 * 3, ckaVsFit.Count);
        Assert.All(ckaVsFit, r => Assert.InRange(r.Value, 0, 1 + 1e-9));
        var cos = rows.Single(r => r.Measure == "grad_cosine" && r.Layer == "all").Value;
        Assert.Equal(Math.Acos(cos) * 180 / Math.PI, rows.Single(r => r.Measure == "grad_angle_deg").Value, 6);

        // After unlearning: CKA against the starting checkpoint on retain and forget inputs.
        var afterRows = Query(after.LockTable);
        Assert.Contains(afterRows, r => r.Measure == "cka_linear" && r.Detail == "vs before" && r.Set == "forget");
        Assert.All(afterRows, r => Assert.Equal("GA", r.Method));

        // mul11 never fits in 120 steps: its fit cell is recorded, with no numbers.
        Assert.Empty(Query(unreached.LockTable));
    }

    [Fact]
    public async Task Same_Seed_Should_Give_The_Same_Numbers()
    {
        using var tmp1 = new TempDir();
        using var tmp2 = new TempDir();
        var (plan1, _) = await RunAsync(tmp1, new ArtifactStore(tmp1.File("artifacts")));
        var (plan2, _) = await RunAsync(tmp2, new ArtifactStore(tmp2.File("artifacts")));

        var compared = 0;
        foreach (var (a, b) in plan1.Analyze.Zip(plan2.Analyze))
        {
            var x = (await ParquetTable.ReadAsync<MeasureRow>(a.LockTable)).Rows.Where(r => !MeasureRow.IsTiming(r.Measure)).Select(r => (r.Measure, r.Layer, r.Set, r.Detail, r.Value));
            var y = (await ParquetTable.ReadAsync<MeasureRow>(b.LockTable)).Rows.Where(r => !MeasureRow.IsTiming(r.Measure)).Select(r => (r.Measure, r.Layer, r.Set, r.Detail, r.Value));
            Assert.Equal(x, y);
            compared += x.Count(v => v.Measure == "hessian_top_eigenvalue");
        }
        Assert.True(compared >= 12, "timings aside, every number is compared, curvature included");
    }

    [Fact]
    public async Task The_Report_Should_Gain_A_Mechanism_Section_From_The_Measures()
    {
        using var tmp = new TempDir();
        var store = new ArtifactStore(tmp.File("artifacts"));
        var (plan, _) = await RunAsync(tmp, store);
        var templates = GrokUnlearn.Report.ReportTemplates.FromDirectory(Path.Combine(TestProfiles.RepoRoot(), "paper"));
        var profile = ProfileLoader.Load(tmp.File("a.yaml"), tmp.Path);
        plan = PipelinePlan.Create(profile, store, templates.ContentHash);

        Assert.Equal(1, await new GrokUnlearn.Report.ReportStage(_ => { }, templates).RunAsync(plan, profile, false));

        var md = ReportText.Markdown(plan.Report.Directory);
        Assert.Contains("## Mechanism", md);
        Assert.Contains("# add11 — scenario class2 (seeds 0): measures before unlearning", md);
        // The table's θ_fit cell for the whole-model gradient cosine is the measured value (one seed: no spread).
        var fit = plan.Analyze.Single(c => c.Id == "add11__mlp__quick__seed0__fit__class2__none");
        var cosine = (await ParquetTable.ReadAsync<MeasureRow>(fit.LockTable)).Rows.Single(r => r.Measure == "grad_cosine" && r.Layer == "all").Value;
        Assert.Contains($"| all | forget-vs-retain |  | {cosine.ToString("G4", CultureInfo.InvariantCulture)} |", md);
        // Through unlearning: a figure per key measure, in both formats.
        Assert.Contains("after GA", md);
        var figure = Path.Combine(plan.Report.FiguresDirectory, "add11__class2__mechanism__grad_cosine__forget-vs-retain");
        Assert.True(File.Exists(figure + ".svg") && File.Exists(figure + ".png"));
        Assert.Contains("figures/add11__class2__mechanism__grad_cosine__forget-vs-retain.svg",
            File.ReadAllText(Path.Combine(plan.Report.Directory, "index.html")));
    }

    [Fact]
    public void Analyze_Settings_Should_Be_Validated_Against_The_Unlearn_Section()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("bad.yaml"), Yaml(0.05, 40).Replace("after_methods: [GA]", "after_methods: [GA, SCRUB]"));
        var error = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("bad.yaml"), tmp.Path));
        Assert.Contains("bad.yaml", error.Message);
        Assert.Contains("analyze.after_methods", error.Message);
        Assert.Contains("allowed values: GA, SSD", error.Message);

        File.WriteAllText(tmp.File("ref.yaml"), Yaml(0.05, 40).Replace("cka_reference: fit", "cka_reference: grok"));
        var refError = Assert.Throws<ConfigException>(() => ProfileLoader.Load(tmp.File("ref.yaml"), tmp.Path));
        Assert.Contains("analyze.cka_reference", refError.Message);
        Assert.Contains("fit, final", refError.Message);
    }

    private sealed record Row(string Measure, string Layer, string Set, string Detail, string Method, double Value);

    private static List<Row> Query(string path)
    {
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT measure, layer, \"set\", detail, method, value FROM read_parquet('{path}')";
        var rows = new List<Row>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetDouble(5)));
        return rows;
    }
}
