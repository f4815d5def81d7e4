using GrokUnlearn.Native;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// SCRUB (Kurmanji et al. 2023). Teacher = the frozen starting checkpoint. Each update takes its batch from the shared
/// batches (the whole sets at the default full batch: then the teacher's outputs are computed once). Each of <c>steps</c>
/// epochs: while epoch ≤ msteps, a max-step on the forget set minimising −KL_T(teacher ‖ student); then a min-step on
/// the retain set minimising gamma·CE + alpha·KL_T(teacher ‖ student). KL_T is summed, divided by the batch size and
/// multiplied by T² (SCRUB's DistillKL). Every optimizer step counts as one update.
/// </summary>
public sealed class Scrub : IUnlearningMethod
{
    public string Name => "SCRUB";
    public IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.Classifiers;
    public string Description => "alternate pushing away from the original on the forget set and staying close on the retain set";

    public IReadOnlyList<MethodOption> Options =>
    [
        new("temperature", 4, 1e-3, 1e3, "distillation temperature T"),
        new("gamma", 0.99, 0, 1e3, "weight of the retain cross-entropy in the min-step"),
        new("alpha", 0.001, 0, 1e3, "weight of the retain KL in the min-step"),
        new("msteps", 2, 0, 1e6, "number of epochs that begin with a max-step on the forget set"),
    ];

    public void Run(UnlearningContext c)
    {
        var t = c.Spec.Option("temperature");
        var gamma = c.Spec.Option("gamma");
        var alpha = c.Spec.Option("alpha");
        var msteps = (int)c.Spec.Option("msteps");
        var full = c.Batches.FullForget && c.Settings.RetainBatchSize == 0;
        Tensor? teacherForget = null, teacherRetain = null;
        if (full)
            using (no_grad())
            {
                teacherForget = c.Original.call(c.Data.ForgetX).detach();
                teacherRetain = c.Original.call(c.Data.RetainX).detach();
            }
        Tensor Teacher(Tensor? cached, Tensor x)
        {
            if (cached is not null) return cached;
            using var _ = no_grad();
            return c.Original.call(x).detach();
        }
        using var _tf = teacherForget;
        using var _tr = teacherRetain;
        using var optimizer = UnlearnOptimizer.Create(c.Model, c.Spec);
        var updates = 0;
        for (var epoch = 1; epoch <= c.Spec.Steps; epoch++)
        {
            if (epoch <= msteps)
            {
                Update(c, optimizer, ++updates, b => -Losses.KlDivergence(Teacher(teacherForget, b.ForgetX), c.Model.call(b.ForgetX), t,
                    Losses.KlReduction.BatchMeanTimesTemperatureSquared));
                Record(c, updates);
            }
            Update(c, optimizer, ++updates, b =>
            {
                var student = c.Model.call(b.RetainX);
                return gamma * nn.functional.cross_entropy(student, b.RetainY)
                       + alpha * Losses.KlDivergence(Teacher(teacherRetain, b.RetainX), student, t, Losses.KlReduction.BatchMeanTimesTemperatureSquared);
            });
            Record(c, updates);
        }
        if (updates % c.EvalEvery != 0) c.Record(updates);
    }

    private static void Update(UnlearningContext c, optim.Optimizer optimizer, int update, Func<UnlearnBatch, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        var batch = c.Batches.For(update);
        c.TrainMode();
        optimizer.zero_grad();
        loss(batch).backward();
        optimizer.step();
    }

    private static void Record(UnlearningContext c, int updates)
    {
        NativeHeap.AfterStep(updates);
        if (updates % c.EvalEvery == 0) c.Record(updates);
    }
}
