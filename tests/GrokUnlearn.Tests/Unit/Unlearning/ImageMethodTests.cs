using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Unlearning;

/// <summary>
/// Every classifier method on image models — an MLP and a small CNN with BatchNorm — with minibatches (3 forget and 4
/// retain rows per update, of 8 forget and 16 retain): one update through the shared loop equals θ − lr·∇(the method's
/// loss) computed independently on a twin model from the batch the loop draws (log-softmax and KL written out by hand).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ImageMethodTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;
    private const double Lr = 0.05;
    private const ulong Seed = 9;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "mlp", "cnn-bn" })
            foreach (var method in new[] { "FT", "GA", "NegGradPlus", "RL", "L1Sparse", "SalUn", "BadTeacher", "SCRUB" })
                data.Add(method, model);
        return data;
    }

    private static ModelSpec Spec(string model) => model == "mlp" ? TinyImages.Mlp : TinyImages.CnnWithBatchNorm;

    private static Tensor Ce(Tensor logits, Tensor y) => -(logits - logits.logsumexp(1, keepdim: true)).gather(1, y.unsqueeze(1)).mean();

    private static Tensor Kl(Tensor teacher, Tensor student, double t, bool elementMean)
    {
        var pt = (teacher / t).softmax(1);
        var total = (pt * ((teacher / t).log_softmax(1) - (student / t).log_softmax(1))).sum();
        return elementMean ? total / (student.shape[0] * student.shape[1]) : total / student.shape[0] * (t * t);
    }

    private static float[] Flat(nn.Module model)
    {
        using var _ = no_grad();
        return cat(model.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }

    private static void Step(nn.Module<Tensor, Tensor> model, Tensor loss)
    {
        var parameters = model.parameters().Cast<Tensor>().ToList();
        var grads = autograd.grad([loss], parameters, allow_unused: true);
        using var _ = no_grad();
        foreach (var (p, g) in parameters.Zip(grads))
            if (g is not null) p.add_(g, alpha: -Lr);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_Minibatch_Update_Should_Equal_A_Hand_Applied_Step_Of_The_Independent_Loss(string method, string model)
    {
        // Given: the model, a twin with the same weights, and a frozen copy of the start (the teacher).
        using var tiny = new TinyImages(Spec(model));
        using var twin = tiny.NewModel();
        using var start = tiny.NewModel();
        start.eval();
        Assert.Equal(Flat(tiny.Model), Flat(twin));
        var options = method switch
        {
            "NegGradPlus" => new[] { ("alpha", 0.7) },
            "L1Sparse" => [("alpha", 0.01)],
            "SalUn" => [("mask_fraction", 1.0)],
            "SCRUB" => [("msteps", 1.0), ("temperature", 2.0), ("gamma", 0.9), ("alpha", 0.5)],
            _ => [],
        };
        var spec = TinyUnlearning.Sgd(method, Lr, 1, options);
        var batches = new UnlearnBatches(tiny.Data, tiny.Settings.BatchSize, tiny.Settings.RetainBatchSize, Seed);
        var b1 = batches.For(1);
        Assert.Equal(3, b1.ForgetX.shape[0]);
        Assert.True(b1.ForgetX.shape[0] < tiny.Data.ForgetCount);
        Assert.Equal(4, b1.RetainX.shape[0]);

        // The independent computation on the twin (train mode: BatchNorm uses batch statistics, as the loop does).
        twin.train();
        using var g = new Generator(Seed);
        switch (method)
        {
            case "FT": Step(twin, Ce(twin.call(b1.RetainX), b1.RetainY)); break;
            case "GA": Step(twin, -Ce(twin.call(b1.ForgetX), b1.ForgetY)); break;
            case "NegGradPlus": Step(twin, 0.7 * Ce(twin.call(b1.RetainX), b1.RetainY) - 0.3 * Ce(twin.call(b1.ForgetX), b1.ForgetY)); break;
            case "L1Sparse":
                Step(twin, Ce(twin.call(b1.RetainX), b1.RetainY) + 0.01 * twin.parameters().Select(p => p.abs().sum()).Aggregate((x, y) => x + y));
                break;
            case "RL" or "SalUn":
            {
                var labels = randint(0, TinyImages.Classes, b1.ForgetY.shape, dtype: ScalarType.Int64, generator: g);
                Step(twin, Ce(twin.call(b1.ForgetX), labels) + Ce(twin.call(b1.RetainX), b1.RetainY));
                break;
            }
            case "BadTeacher":
            {
                randperm(tiny.Data.RetainCount, generator: g).Dispose();
                using var incompetent = tiny.Task.NewModel();
                tiny.Task.Initialise(incompetent, g);
                incompetent.eval();
                var retain = b1.RetainX.narrow(0, 0, 1); // round(0.3 × 4) = 1
                Tensor teacher;
                using (no_grad()) teacher = cat([incompetent.call(b1.ForgetX), start.call(retain)]);
                Step(twin, Kl(teacher, twin.call(cat([b1.ForgetX, retain])), 1, elementMean: true));
                break;
            }
            case "SCRUB":
            {
                Tensor tf;
                using (no_grad()) tf = start.call(b1.ForgetX);
                Step(twin, -Kl(tf, twin.call(b1.ForgetX), 2, elementMean: false));
                var b2 = batches.For(2);
                Tensor tr;
                using (no_grad()) tr = start.call(b2.RetainX);
                var student = twin.call(b2.RetainX);
                Step(twin, 0.9 * Ce(student, b2.RetainY) + 0.5 * Kl(tr, student, 2, elementMean: false));
                break;
            }
        }

        // When: the method runs one update (SCRUB: one epoch = a max-step and a min-step).
        var recorded = new List<int>();
        using (var context = tiny.Context(spec, Seed, recorded))
            MethodRegistry.Create(method)!.Run(context);

        // Then
        var got = Flat(tiny.Model);
        var want = Flat(twin);
        Assert.NotEqual(Flat(start), got);
        for (var i = 0; i < got.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 1e-5, $"{method}/{model}: weight {i} {got[i]} vs {want[i]}");
        Assert.Equal(method == "SCRUB" ? [1, 2] : [1], recorded);
    }

    [Fact]
    public void BadTeacher_With_Forget_Minibatches_And_The_Whole_Retain_Set_Should_Distil_On_Its_Random_Retain_Subset()
    {
        // Given: forget batches of 3, the whole retain set (16 images) every update.
        using var tiny = new TinyImages(TinyImages.CnnWithBatchNorm, new UnlearnSettings(1, BatchSize: 3, RetainBatchSize: 0));
        using var twin = tiny.NewModel();
        using var start = tiny.NewModel();
        start.eval();
        var b1 = new UnlearnBatches(tiny.Data, 3, 0, Seed).For(1);
        using var g = new Generator(Seed);
        var subset = randperm(tiny.Data.RetainCount, generator: g).narrow(0, 0, 5); // round(0.3 × 16) = 5, drawn once
        using var incompetent = tiny.Task.NewModel();
        tiny.Task.Initialise(incompetent, g);
        incompetent.eval();
        var retain = tiny.Data.RetainX.index_select(0, subset);
        Tensor teacher;
        using (no_grad()) teacher = cat([incompetent.call(b1.ForgetX), start.call(retain)]);
        twin.train();
        Step(twin, Kl(teacher, twin.call(cat([b1.ForgetX, retain])), 1, elementMean: true));

        // When
        using (var context = tiny.Context(TinyUnlearning.Sgd("BadTeacher", Lr, 1), Seed))
            MethodRegistry.Create("BadTeacher")!.Run(context);

        // Then
        var got = Flat(tiny.Model);
        var want = Flat(twin);
        for (var i = 0; i < got.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 1e-5, $"weight {i} {got[i]} vs {want[i]}");
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn-bn")]
    public void Ssd_Should_Dampen_By_Importances_Computed_Independently(string model)
    {
        using var tiny = new TinyImages(Spec(model));
        using var twin = tiny.NewModel();
        twin.eval();
        List<Tensor> Importance(Tensor x, Tensor y, int batch)
        {
            var sums = twin.parameters().Select(p => zeros_like(p)).ToList();
            var n = (int)x.shape[0];
            var count = 0;
            for (var s = 0; s < n; s += batch, count++)
            {
                var len = Math.Min(batch, n - s);
                var grads = autograd.grad([Ce(twin.call(x.narrow(0, s, len)), y.narrow(0, s, len))], twin.parameters().Cast<Tensor>().ToList());
                for (var i = 0; i < sums.Count; i++) sums[i] += grads[i].pow(2);
            }
            return sums.Select(t => t / count).ToList();
        }
        var forget = Importance(tiny.Data.ForgetX, tiny.Data.ForgetY, 4);
        var all = Importance(cat([tiny.Data.RetainX, tiny.Data.ForgetX]), cat([tiny.Data.RetainY, tiny.Data.ForgetY]), 4);
        var expected = twin.parameters().Zip(forget, all).Select(t =>
        {
            using var _ = no_grad();
            var selected = t.Second > t.Third * 2.0;
            return where(selected, t.First * (t.Third * 1.0 / t.Second).clamp_max(1.0), t.First).flatten();
        }).ToList();

        MethodRegistry.Create("SSD")!.Run(tiny.Context(TinyUnlearning.Sgd("SSD", Lr, 1, ("alpha", 2.0), ("lambda", 1.0), ("batch_size", 4.0)), Seed));

        var want = cat(expected).data<float>().ToArray();
        var got = Flat(tiny.Model);
        Assert.NotEqual(Flat(twin), got);
        for (var i = 0; i < got.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) < 1e-5, $"SSD/{model}: weight {i} {got[i]} vs {want[i]}");
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn-bn")]
    public void Fisher_Should_Add_The_Same_Seeded_Noise_Twice_And_Only_Finite_Values(string model)
    {
        float[] Run()
        {
            using var tiny = new TinyImages(Spec(model));
            MethodRegistry.Create("Fisher")!.Run(tiny.Context(TinyUnlearning.Sgd("Fisher", Lr, 1, ("alpha", 1e-4), ("samples", 6.0)), Seed));
            return Flat(tiny.Model);
        }
        using var fresh = new TinyImages(Spec(model));
        var a = Run();
        Assert.Equal(a, Run());
        Assert.NotEqual(Flat(fresh.Model), a);
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(UnlearnSettings.BatchNormTrain, true)]
    [InlineData(UnlearnSettings.BatchNormFrozen, false)]
    public void BatchNorm_Policy_Should_Decide_Whether_Running_Statistics_Move(string policy, bool moves)
    {
        using var tiny = new TinyImages(TinyImages.CnnWithBatchNorm, new UnlearnSettings(1, 3, 4, policy));
        var bn = tiny.Model.named_modules().Select(m => m.module).OfType<BatchNorm2d>().Single();
        var before = bn.running_mean!.clone();

        MethodRegistry.Create("GA")!.Run(tiny.Context(TinyUnlearning.Sgd("GA", Lr, 3), Seed));

        Assert.Equal(moves, !bn.running_mean!.allclose(before));
    }
}
