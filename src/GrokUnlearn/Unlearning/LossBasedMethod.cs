using GrokUnlearn.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning;

/// <summary>
/// The shared loop of every gradient method (open-unlearning's UnlearnTrainer): full-batch steps with the
/// configured optimizer, a dispose scope per step, and a curve row every eval_every updates. A method supplies
/// only its loss (and may adjust gradients or weights around the optimizer step).
/// </summary>
public abstract class LossBasedMethod : IUnlearningMethod
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual IReadOnlyList<MethodOption> Options => [];

    /// <summary>The loss to minimise at update <paramref name="step"/> (1-based).</summary>
    protected abstract Tensor Loss(UnlearningContext context, int step);

    /// <summary>Called once before the first update (e.g. to compute a mask).</summary>
    protected virtual void Prepare(UnlearningContext context) { }

    /// <summary>Called after backward, before the optimizer step (e.g. to mask gradients).</summary>
    protected virtual void AfterBackward(UnlearningContext context) { }

    /// <summary>Called after the optimizer step (e.g. to restore frozen weights).</summary>
    protected virtual void AfterStep(UnlearningContext context, optim.Optimizer optimizer) { }

    public void Run(UnlearningContext context)
    {
        var spec = context.Spec;
        Prepare(context);
        using var optimizer = CreateOptimizer(context);
        for (var step = 1; step <= spec.Steps; step++)
        {
            using (var scope = NewDisposeScope())
            {
                context.Model.train();
                optimizer.zero_grad();
                var loss = Loss(context, step);
                loss.backward();
                AfterBackward(context);
                optimizer.step();
                AfterStep(context, optimizer);
            }
            NativeHeap.AfterStep(step);
            if (step % context.EvalEvery == 0 || step == spec.Steps) context.Record(step);
        }
    }

    public static optim.Optimizer CreateOptimizer(UnlearningContext context)
    {
        var spec = context.Spec;
        var parameters = context.Model.parameters();
        return spec.Optimizer switch
        {
            "sgd" => optim.SGD(parameters, spec.Lr, momentum: spec.Momentum, weight_decay: spec.WeightDecay),
            "adam" => optim.Adam(parameters, spec.Lr, weight_decay: spec.WeightDecay),
            _ => throw new ArgumentException($"unknown optimizer {spec.Optimizer}"),
        };
    }

    protected static Tensor CrossEntropy(UnlearningContext c, Tensor x, Tensor y) => nn.functional.cross_entropy(c.Model.call(x), y);
}
