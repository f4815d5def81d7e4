using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// SSD (Foster et al. 2024), one shot, no training. Importance of a parameter on a set = the mean over mini-batches
/// of the squared gradient of the batch-mean cross-entropy (model in eval mode). With I_f on the forget set and
/// I_D on the whole training set (retain ∪ forget), every parameter with I_f > alpha·I_D is multiplied by
/// β = min(lambda·I_D / I_f, 1). The edit counts as one update.
/// </summary>
public sealed class Ssd : IUnlearningMethod
{
    public string Name => "SSD";
    public IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.Classifiers;
    public bool UsesOptimizer => false;
    public string Description => "selective synaptic dampening of parameters far more important to the forget set";

    public IReadOnlyList<MethodOption> Options =>
    [
        new("alpha", 10, 0, 1e6, "selection weighting: dampen where I_forget > alpha·I_train"),
        new("lambda", 1, 0, 1e6, "dampening constant: beta = min(lambda·I_train / I_forget, 1)"),
        new("batch_size", 64, 1, 1e6, "mini-batch size for the importances"),
    ];

    public void Run(UnlearningContext c)
    {
        var batch = (int)c.Spec.Option("batch_size");
        using var scope = NewDisposeScope();
        var forget = Importance(c, c.Data.ForgetX, c.Data.ForgetY, batch);
        var all = Importance(c, cat([c.Data.RetainX, c.Data.ForgetX]), cat([c.Data.RetainY, c.Data.ForgetY]), batch);
        Dampen(c.Model.parameters().ToList(), forget, all, c.Spec.Option("alpha"), c.Spec.Option("lambda"));
        c.Record(1);
    }

    /// <summary>Mean over consecutive mini-batches of the squared gradient of the batch-mean cross-entropy.</summary>
    public static List<Tensor> Importance(UnlearningContext c, Tensor x, Tensor y, int batchSize)
    {
        var parameters = c.Model.parameters().ToList();
        var sums = parameters.Select(p => zeros_like(p)).ToList();
        c.Model.eval();
        var n = (int)x.shape[0];
        var batches = 0;
        for (var start = 0; start < n; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var len = Math.Min(batchSize, n - start);
            c.Model.zero_grad();
            nn.functional.cross_entropy(c.Model.call(x.narrow(0, start, len)), y.narrow(0, start, len)).backward();
            using (no_grad())
                for (var i = 0; i < parameters.Count; i++) sums[i].add_(parameters[i].grad!.pow(2));
            batches++;
        }
        c.Model.zero_grad();
        return sums.Select(s => s / batches).ToList();
    }

    public static void Dampen(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> forget, IReadOnlyList<Tensor> all, double alpha, double lambda)
    {
        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var selected = forget[i] > all[i] * alpha;
            var beta = (all[i] * lambda / forget[i]).clamp_max(1.0);
            parameters[i].copy_(where(selected, parameters[i] * beta, parameters[i]));
        }
    }
}
