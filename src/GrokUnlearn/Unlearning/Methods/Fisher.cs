using static TorchSharp.torch;

namespace GrokUnlearn.Unlearning.Methods;

/// <summary>
/// Fisher forgetting (Golatkar et al. 2020, as in the SSD/SCRUB code). Diagonal true Fisher on the retain set: for each
/// retain sample x (batch of one) and every class y, the gradient g_y of CE(x, y) contributes p(y|x)·g_y²; averaged over
/// samples (a seeded subsample of <c>samples</c> retain pairs when that is &gt; 0, because this costs one backward pass per
/// sample and class). Per tensor: var = clamp(1/(F + 1e-8), max 1e3, or 1e2 for tensors whose first dimension is the
/// number of classes); var ← alpha·var; tensors of rank ≥ 2 use one variance per output unit (mean over dim 1);
/// the classifier and 1-D tensors get 10× the variance. New weights = θ + √var·N(0, 1), drawn from the context's
/// generator. The one-shot edit counts as one update. Golatkar's class step (<c>class_step</c> 1, the default): when the
/// scenario forgets whole classes, the classifier layer's weight and bias have those classes' rows set to 0 and their
/// variance to 1e-4 (before the ×10), as the original does when no sample count is given. (The original finds the
/// classifier as "first dimension = number of classes"; here it is the model's classifier prefix, because a modular
/// MLP's embedding also has p rows, one per input residue, which are not classes.)
/// </summary>
public sealed class Fisher : IUnlearningMethod
{
    public string Name => "Fisher";
    public IReadOnlySet<Tasks.TaskKind> Tasks => GrokUnlearn.Tasks.TaskKinds.Classifiers;
    public bool UsesOptimizer => false;
    public string Description => "add Gaussian noise scaled by the inverse retain-set Fisher information";

    public IReadOnlyList<MethodOption> Options =>
    [
        new("alpha", 1e-6, 0, 1e3, "noise scale: var = alpha / Fisher"),
        new("samples", 128, 0, 1e7, "retain pairs used for the Fisher (0 = all)"),
        new("class_step", 1, 0, 1, "1 = in a full-class scenario, zero the forgotten classes' classifier rows (variance 1e-4), as Golatkar's code does"),
    ];

    public void Run(UnlearningContext c)
    {
        using var scope = NewDisposeScope();
        var samples = (int)c.Spec.Option("samples");
        var n = c.Data.RetainY.shape[0];
        var pick = samples > 0 && samples < n
            ? randperm(n, generator: c.Generator).narrow(0, 0, samples)
            : arange(n);
        pick = pick.to(c.Data.RetainX.device);
        var fisher = Diagonal(c, c.Data.RetainX.index_select(0, pick), c.Data.RetainY.index_select(0, pick));
        var named = c.Model.named_parameters().ToList();
        using var _ = no_grad();
        for (var i = 0; i < named.Count; i++)
        {
            var (name, p) = named[i];
            var classifier = name.StartsWith(c.ClassifierPrefix, StringComparison.Ordinal);
            var classRows = classifier && p.shape[0] == c.Classes && c.Spec.Option("class_step") >= 0.5 ? c.ForgottenClasses : [];
            var variance = Variance(fisher[i], c.Spec.Option("alpha"), p.shape[0] == c.Classes, classifier, classRows);
            if (classRows.Count > 0)
                p.index_fill_(0, tensor(classRows.Select(k => (long)k).ToArray(), device: p.device), 0.0);
            p.add_(variance.sqrt() * randn(p.shape, generator: c.Generator).to(p.device));
        }
        c.Record(1);
    }

    /// <summary>Σ_y p(y|x)·(∂CE(x, y)/∂θ)², averaged over the given samples; model in eval mode.</summary>
    public static List<Tensor> Diagonal(UnlearningContext c, Tensor x, Tensor y)
    {
        var parameters = c.Model.parameters().ToList();
        var sums = parameters.Select(p => zeros_like(p)).ToList();
        c.Model.eval();
        var n = (int)x.shape[0];
        for (var i = 0; i < n; i++)
        {
            using var sampleScope = NewDisposeScope();
            var xi = x.narrow(0, i, 1);
            Tensor probs;
            using (no_grad()) probs = nn.functional.softmax(c.Model.call(xi), 1)[0];
            for (var k = 0; k < c.Classes; k++)
            {
                c.Model.zero_grad();
                nn.functional.cross_entropy(c.Model.call(xi), tensor(new long[] { k }, device: xi.device)).backward();
                using (no_grad())
                    for (var j = 0; j < parameters.Count; j++) sums[j].add_(parameters[j].grad!.pow(2) * probs[k]);
            }
        }
        c.Model.zero_grad();
        return sums.Select(s => s / n).ToList();
    }

    /// <summary>The per-tensor variance rule described on the class.</summary>
    public static Tensor Variance(Tensor fisher, double alpha, bool firstDimIsClasses, bool isClassifier, IReadOnlyList<int>? forgottenRows = null)
    {
        var variance = (1.0 / (fisher + 1e-8)).clamp_max(firstDimIsClasses ? 1e2 : 1e3) * alpha;
        if (variance.dim() >= 2) variance = variance.mean([1], keepdim: true).expand_as(variance).contiguous();
        if (forgottenRows is { Count: > 0 })
            variance = variance.index_fill(0, tensor(forgottenRows.Select(k => (long)k).ToArray(), device: variance.device), 1e-4);
        if (isClassifier || variance.dim() == 1) variance = variance * 10;
        return variance;
    }
}
