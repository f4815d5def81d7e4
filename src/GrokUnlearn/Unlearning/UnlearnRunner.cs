using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GrokUnlearn.Language.Unlearning;
using GrokUnlearn.Tasks;
using TorchSharp;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// Runs one unlearn job, for any task: loads the retrain oracle and the starting checkpoint, measures both with the
/// task's scorer, applies the method (recording the curve every eval_every updates), saves the unlearned model, then
/// writes the curve and the result (lock table last). A run that never reached its starting checkpoint gets a result
/// row that says so, with no metrics, and no model.
/// </summary>
public sealed class UnlearnRunner(Action<string> log)
{
    /// <param name="notDrawn">Why the forget set could not be drawn (a local-grokking set); the cell then records it without metrics.</param>
    public async Task RunAsync(UnlearnJob job, LearningTask task, IReadOnlySet<int> forget, string? notDrawn = null)
    {
        var clock = Stopwatch.StartNew();
        var method = MethodRegistry.Create(job.Method.Name) ?? throw new InvalidOperationException($"unknown method {job.Method.Name}");
        if (!method.Tasks.Contains(task.Kind))
            throw new InvalidOperationException($"method {method.Name} does not support {TaskKinds.Name(task.Kind)} tasks (it supports: {TaskKinds.Describe(method.Tasks)}).");
        torch.set_num_threads(job.Threads);
        IUnlearnScorer scorer = task is LanguageTask language
            ? new LanguageScorer(job, language, forget)
            : new ClassifierScorer(job, forget.Count);
        if (job.Start is not { } start || notDrawn is not null)
        {
            var status = notDrawn ?? $"no {job.Checkpoint} checkpoint: the run never reached it";
            scorer.NotReached(status);
            log($"[unlearn] {job.Id}: {status}; recorded without metrics.");
            if (File.Exists(job.ModelPath)) File.Delete(job.ModelPath);
        }
        else
        {
            var seed = MethodSeed(job.Seed, job.Scenario, job.Method.Name);
            using var data = UnlearnData.From(task, forget, seed);
            // A local-grokking cell (the Table 2 design) has no oracle: it compares forget sets, not a target.
            if (job.OraclePath is { } oraclePath)
                using (var oracle = task.LoadModel(oraclePath))
                    scorer.MeasureOracle(oracle, data);
            else if (task is not LanguageTask)
                throw new InvalidOperationException($"{job.Id}: no oracle checkpoint.");
            using var model = task.LoadModel(start.Path);
            scorer.MeasureBefore(model, data, start.Step);
            using var context = new UnlearningContext(task, model, data, job.Method, job.Settings, seed, job.Seed,
                (updates, loss) => scorer.Record(model, data, updates, loss), forgottenClasses: job.ForgottenClasses);
            context.Record(0);
            method.Run(context);
            scorer.MeasureAfter(model, data);
            LearningTask.SaveModel(model, job.ModelPath);
            log($"[unlearn] {job.Id}: {scorer.Summary(clock.Elapsed.TotalSeconds)}");
            // The lock table records the model's hash, so a later change to the file makes the cell stale (UnlearnCell).
            var hash = await Data.FileChecksum.Sha256Async(job.ModelPath);
            var metadata = job.Metadata;
            job = job with { Metadata = v => new Dictionary<string, string>(metadata(v)) { [Storage.ParquetTable.ModelHashKey] = hash } };
        }
        await scorer.WriteAsync(job, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The method's random stream depends on the run's seed, the scenario and the method, not on the checkpoint:
    /// θ_pre and θ_grok see the same random labels, batches and draws.
    /// </summary>
    public static ulong MethodSeed(int seed, string scenario, string method) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{scenario}/{method}")), 0);
}
