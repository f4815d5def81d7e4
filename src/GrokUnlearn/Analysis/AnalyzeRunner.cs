using System.Diagnostics;
using System.Globalization;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Analysis;

/// <summary>
/// Runs one analyze cell: loads the state (a starting checkpoint, or an unlearn cell's model), measures gradient
/// alignment, local complexity, representation structure, CKA and curvature on the cell's fixed samples, and writes
/// measures.parquet (one row per number, with the seconds each measure group took).
/// </summary>
public sealed class AnalyzeRunner(Action<string> log)
{
    public async Task<IReadOnlyList<MeasureRow>> RunAsync(AnalyzeCell cell, IReadOnlyList<ModularPairRow> pairs, IReadOnlySet<int> forget)
    {
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(cell.Run.Threads);
        var rows = new List<MeasureRow>();
        var start = await cell.Run.FindCheckpointAsync(cell.Checkpoint);
        var modelPath = cell.After is null ? start?.Path : cell.Store.UnlearnedModel(cell.After.Id);
        if (start is null || modelPath is null || !File.Exists(modelPath))
        {
            log($"[analyze] {cell.Id}: no {(cell.After is null ? cell.Checkpoint + " checkpoint" : "unlearned model")} (the run never reached {cell.Checkpoint}); recorded without measures.");
        }
        else
        {
            var p = cell.Run.Run.Modular.P;
            using var data = new UnlearnData(pairs, forget);
            using var sample = new AnalysisSample(data, p, cell.Spec.Samples, cell.Run.Run.Dataset.Name, cell.Split.Scenario.Name, cell.Run.Seed);
            using var model = Load(cell, modelPath);
            var (allX, allY) = ModularArithmetic.ToTensors(pairs);
            using var _allX = allX;
            using var _allY = allY;
            var measures = new Measures(cell, rows);

            measures.Group("gradient alignment", () => GradientMeasures(measures, model, data, sample, cell.Spec.PairwiseExamples));
            measures.Group("local complexity", () => LocalComplexityMeasures(measures, model, sample, cell.Spec));
            measures.Group("representation", () => RepresentationMeasures(measures, model, sample, allX, allY, p, cell.Spec));
            ModularMlp? partner = null;
            string? partnerLabel = null;
            if (cell.After is not null)
                (partner, partnerLabel) = (Load(cell, start.Value.Path), "vs before");
            else if (cell.Checkpoint != cell.Spec.CkaReference && await cell.Run.FindCheckpointAsync(cell.Spec.CkaReference) is { } reference)
                (partner, partnerLabel) = (Load(cell, reference.Path), $"vs {cell.Spec.CkaReference}");
            using (partner)
                measures.Group("cka", () => CkaMeasures(measures, model, partner, partnerLabel, sample));
            measures.Group("curvature", () => CurvatureMeasures(measures, model, sample, cell.Spec));

            log(string.Create(CultureInfo.InvariantCulture,
                $"[analyze] {cell.Id}: {rows.Count} numbers in {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", measures.Timings.Select(t => $"{t.Name} {t.Seconds:F1} s"))}); " +
                $"grad cos {Find(rows, "grad_cosine", "all"):F3}, λ_max(retain) {Find(rows, "hessian_top_eigenvalue", "all", "retain"):G3}"));
        }
        await ParquetTable.WriteAsync(cell.LockTable, rows, cell.Metadata(MeasureRow.SchemaVersion));
        return rows;
    }

    private static double Find(List<MeasureRow> rows, string measure, string layer, string? set = null) =>
        rows.FirstOrDefault(r => r.Measure == measure && r.Layer == layer && (set is null || r.Set == set))?.Value ?? double.NaN;

    private static ModularMlp Load(AnalyzeCell cell, string path)
    {
        var model = ModularMlp.FromCheckpoint(cell.Run.Run.Modular.P, cell.Run.Run.ModularModel, path);
        model.eval();
        return model;
    }

    /// <summary>Aggregate gradients over the full forget and retain sets (one backward each); per-example ones on the samples.</summary>
    private static void GradientMeasures(Measures m, ModularMlp model, UnlearnData data, AnalysisSample s, int pairwise)
    {
        using var scope = NewDisposeScope();
        var gf = GradientAlignment.Gradient(model, data.ForgetX, data.ForgetY);
        var gr = GradientAlignment.Gradient(model, data.RetainX, data.RetainY);
        var cosine = GradientAlignment.Cosine(gf, gr);
        m.Add("grad_cosine", "all", "forget-vs-retain", cosine);
        m.Add("grad_angle_deg", "all", "forget-vs-retain", GradientAlignment.Degrees(cosine));
        foreach (var layer in GradientAlignment.Layers(gf.Keys))
            m.Add("grad_cosine", layer.Key, "forget-vs-retain", GradientAlignment.Cosine(gf, gr, layer));
        m.Add("grad_norm", "all", "forget", GradientAlignment.Norm(gf));
        m.Add("grad_norm", "all", "retain", GradientAlignment.Norm(gr));
        var k = (int)Math.Min(pairwise, Math.Min(s.ForgetX.shape[0], s.RetainX.shape[0]));
        m.Add("grad_pairwise_cosine", "all", "forget-vs-retain",
            GradientAlignment.PairwiseMean(model, s.ForgetX[..k], s.ForgetY[..k], s.RetainX[..k], s.RetainY[..k]));
    }

    private static void LocalComplexityMeasures(Measures m, ModularMlp model, AnalysisSample s, Config.AnalyzeSpec spec)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var generator = new Generator(s.Seed ^ 0x4C43);
        var retain = model.Embed(s.RetainX);
        var scale = retain.norm(1).mean().ToDouble();
        m.Add("input_norm", "embed", "retain", scale);
        var dimension = (int)retain.shape[1];
        var directions = LocalComplexity.Directions(dimension, Math.Min(spec.LcDirections, dimension), generator);
        // Random points: Gaussian with the retain embeddings' per-coordinate mean and spread (the model's own input scale).
        var random = randn(retain.shape, generator: generator) * retain.std(0, keepdim: true) + retain.mean([0], keepdim: true);
        var sets = new (string Name, Tensor Points)[]
        {
            ("forget", model.Embed(s.ForgetX)), ("retain", retain), ("test", model.Embed(s.TestX)), ("random", random),
        };
        foreach (var radius in spec.LcRadii)
        {
            var detail = string.Create(CultureInfo.InvariantCulture, $"r = {radius} × mean ‖x‖");
            foreach (var (name, points) in sets)
            {
                var counts = LocalComplexity.CrossedNeurons(model.Layers, points, directions, radius * scale).to_type(ScalarType.Float64);
                m.Add("local_complexity", "all", name, counts.sum(1).mean().ToDouble(), detail);
                for (var l = 0; l < model.LayerNames.Count; l++)
                    m.Add("local_complexity", model.LayerNames[l], name, counts[.., l].mean().ToDouble(), detail);
            }
        }
    }

    private static void RepresentationMeasures(Measures m, ModularMlp model, AnalysisSample s, Tensor allX, Tensor allY, int p, Config.AnalyzeSpec spec)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var all = model.Representations(allX);
        foreach (var (name, activation) in all.Where(r => r.Name.StartsWith("hidden.", StringComparison.Ordinal)))
        {
            var (mean, selective, dead) = RepresentationStructure.ClassSelectivity(activation, allY, p);
            m.Add("class_selectivity", name, "all-pairs", mean);
            m.Add("selective_unit_fraction", name, "all-pairs", selective);
            m.Add("dead_unit_fraction", name, "all-pairs", dead);
        }
        var last = all[^2].Name;
        var forget = model.Representations(s.ForgetX)[^2].Activation;
        var retain = model.Representations(s.RetainX)[^2].Activation;
        foreach (var (set, features) in new[] { ("forget", forget), ("retain", retain) })
        {
            m.Add("effective_rank", last, set, RepresentationStructure.EffectiveRank(features));
            m.Add("participation_ratio", last, set, RepresentationStructure.ParticipationRatio(features));
        }
        m.Add("top_unit_jaccard", last, "forget-vs-retain", RepresentationStructure.TopUnitOverlap(forget, retain, spec.TopUnitFraction),
            string.Create(CultureInfo.InvariantCulture, $"top {spec.TopUnitFraction:P0} of units"));

        var embedding = model.EmbeddingWeight.detach();
        m.Add("fourier_ipr", "embed", "weights", RepresentationStructure.FourierIpr(embedding));
        m.Add("fourier_top_power", "embed", "weights", RepresentationStructure.TopFrequencyPower(embedding, spec.TopFrequencies), $"top {spec.TopFrequencies} frequencies");
        // First-layer neurons as functions of each operand's residue: E · W₀[:, operand]ᵀ → [p, width].
        var w0 = model.Layers[0].weight!.detach();
        var d = embedding.shape[1];
        var neurons = cat([embedding.matmul(w0[.., ..(int)d].t()), embedding.matmul(w0[.., (int)d..].t())], 1);
        m.Add("fourier_ipr", "hidden.0", "weights", RepresentationStructure.FourierIpr(neurons));
    }

    private static void CkaMeasures(Measures m, ModularMlp model, ModularMlp? partner, string? partnerLabel, AnalysisSample s)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (partner is not null)
        {
            foreach (var (set, x) in new[] { ("forget", s.ForgetX), ("retain", s.RetainX), ("test", s.TestX) })
            {
                var mine = model.Representations(x);
                var theirs = partner.Representations(x);
                for (var l = 0; l < mine.Count; l++)
                {
                    m.Add("cka_linear", mine[l].Name, set, Cka.Linear(mine[l].Activation, theirs[l].Activation), partnerLabel!);
                    if (x.shape[0] >= 4) m.Add("cka_debiased", mine[l].Name, set, Cka.Debiased(mine[l].Activation, theirs[l].Activation), partnerLabel!);
                }
            }
        }
        if (s.MatchedForgetX.shape[0] >= 4)
        {
            var f = model.Representations(s.MatchedForgetX);
            var r = model.Representations(s.MatchedRetainX);
            m.Add("cka_linear", f[^2].Name, "forget-vs-retain", Cka.Linear(f[^2].Activation, r[^2].Activation), "matched");
            m.Add("cka_debiased", f[^2].Name, "forget-vs-retain", Cka.Debiased(f[^2].Activation, r[^2].Activation), "matched");
            m.Add("matched_pairs", f[^2].Name, "forget-vs-retain", s.MatchedForgetX.shape[0]);
        }
    }

    private static void CurvatureMeasures(Measures m, ModularMlp model, AnalysisSample s, Config.AnalyzeSpec spec)
    {
        using var generator = new Generator(s.Seed ^ 0x4845);
        var parameters = model.parameters().Cast<Tensor>().ToList();
        foreach (var (set, x, y) in new[] { ("forget", s.ForgetX, s.ForgetY), ("retain", s.RetainX, s.RetainY) })
        {
            using var scope = NewDisposeScope();
            model.eval();
            // The yardstick for the cost of curvature: one forward + backward on the same inputs (median of 5).
            var gradientSeconds = Enumerable.Range(0, 5).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                using var inner = NewDisposeScope();
                autograd.grad([nn.functional.cross_entropy(model.call(x), y)], parameters);
                return clock.Elapsed.TotalSeconds;
            }).Order().ElementAt(2);
            var watch = Stopwatch.StartNew();
            using var curvature = new Curvature(nn.functional.cross_entropy(model.call(x), y), parameters);
            var (lambda, iterations) = curvature.TopEigenvalue(generator, spec.HessianIterations, spec.HessianTolerance);
            var eigenSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var (trace, samples) = curvature.HutchinsonTrace(generator, spec.TraceSamples, spec.TraceTolerance, spec.TraceMinSamples);
            var traceSeconds = watch.Elapsed.TotalSeconds;
            m.Add("hessian_top_eigenvalue", "all", set, lambda);
            m.Add("hessian_power_iterations", "all", set, iterations);
            m.Add("hessian_trace", "all", set, trace);
            m.Add("hutchinson_samples", "all", set, samples);
            m.Add("hessian_trace_per_parameter", "all", set, trace / curvature.Count);
            // Scale-free: a near-zero loss makes the cross-entropy Hessian vanish, so raw λ_max and trace mostly track confidence.
            m.Add("hessian_top_eigenvalue_over_trace", "all", set, lambda / trace);
            m.Add("gradient_seconds", "all", set, gradientSeconds);
            m.Add("hessian_top_eigenvalue_seconds", "all", set, eigenSeconds);
            m.Add("hessian_trace_seconds", "all", set, traceSeconds);
            m.Add("hessian_top_eigenvalue_cost_in_gradients", "all", set, eigenSeconds / gradientSeconds);
            m.Add("hvp_cost_in_gradients", "all", set, eigenSeconds / iterations / gradientSeconds);
        }
    }

    /// <summary>Collects rows with the cell's identity and times each measure group.</summary>
    private sealed class Measures(AnalyzeCell cell, List<MeasureRow> rows)
    {
        public List<(string Name, double Seconds)> Timings { get; } = [];

        public void Group(string name, Action measure)
        {
            var first = rows.Count;
            var clock = Stopwatch.StartNew();
            measure();
            var seconds = clock.Elapsed.TotalSeconds;
            for (var i = first; i < rows.Count; i++) rows[i].Seconds = seconds;
            Timings.Add((name, seconds));
        }

        public void Add(string measure, string layer, string set, double value, string detail = "") => rows.Add(new MeasureRow
        {
            Cell = cell.Id, TrainCell = cell.Run.Id, Dataset = cell.Run.Run.Dataset.Name, Recipe = cell.Run.Run.Recipe.Name,
            Seed = cell.Run.Seed, Checkpoint = cell.Run.Run.StartLabel(cell.Checkpoint), Scenario = cell.Split.Scenario.Name, Method = cell.Method,
            Measure = measure, Layer = layer, Set = set, Detail = detail, Value = value,
        });
    }
}
