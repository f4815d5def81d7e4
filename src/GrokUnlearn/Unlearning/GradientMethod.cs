using TorchSharp;
using GrokUnlearn.Native;
using GrokUnlearn.Tasks;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// The shared loop of every gradient method (open-unlearning's UnlearnTrainer): each update takes its batch from
/// <see cref="UnlearningContext.Batches"/>, sets training mode (with the BatchNorm policy), computes the method's loss,
/// backpropagates and steps the configured optimizer inside a dispose scope, and records a curve row every eval_every
/// updates. A method supplies only its loss (and may adjust gradients or weights around the optimizer step).
/// </summary>
public abstract class GradientMethod : IUnlearningMethod
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual IReadOnlyList<MethodOption> Options => [];
    public virtual IReadOnlySet<TaskKind> Tasks => TaskKinds.Classifiers;

    /// <summary>The loss to minimise at update <paramref name="step"/> (1-based) on that update's batch.</summary>
    protected abstract Tensor Loss(UnlearningContext context, UnlearnBatch batch, int step);

    /// <summary>The parameters the optimizer updates: all of them, unless a method restricts them (RMU).</summary>
    protected virtual IEnumerable<TorchSharp.Modules.Parameter> Trainable(UnlearningContext context) => context.Model.parameters();

    /// <summary>Called once before the first update (e.g. to compute a mask).</summary>
    protected virtual void Prepare(UnlearningContext context) { }

    /// <summary>Called after backward, before the optimizer step (e.g. to mask gradients).</summary>
    protected virtual void AfterBackward(UnlearningContext context) { }

    /// <summary>Called after the optimizer step (e.g. to restore frozen weights).</summary>
    protected virtual void AfterStep(UnlearningContext context, optim.Optimizer optimizer) { }

    /// <summary>Called once after the last update (to free per-run state).</summary>
    protected virtual void Finish(UnlearningContext context) { }

    public void Run(UnlearningContext context)
    {
        var spec = context.Spec;
        Prepare(context);
        using var optimizer = UnlearnOptimizer.Create(Trainable(context), spec);
        for (var step = 1; step <= spec.Steps; step++)
        {
            var record = step % context.EvalEvery == 0 || step == spec.Steps;
            var lossValue = double.NaN;
            using (var scope = NewDisposeScope())
            {
                var batch = context.Batches.For(step);
                context.TrainMode();
                optimizer.zero_grad();
                var loss = Loss(context, batch, step);
                loss.backward();
                AfterBackward(context);
                optimizer.step();
                AfterStep(context, optimizer);
                if (record) lossValue = loss.ToDouble();
            }
            NativeHeap.AfterStep(step);
            if (record) context.Record(step, lossValue);
        }
        Finish(context);
    }
}
