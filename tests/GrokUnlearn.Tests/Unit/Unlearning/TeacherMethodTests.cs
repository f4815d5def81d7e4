using GrokUnlearn.Models;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Unlearning;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Unlearning;

/// <summary>SalUn, Bad Teacher and SCRUB against independent computations; KL reductions by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class TeacherMethodTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void KlDivergence_Should_Match_A_Hand_Computed_Value_Under_Each_Reduction()
    {
        // Target logits ln[0.5, 0.25, 0.25] and student logits ln[0.25, 0.5, 0.25] at T = 1, one row:
        // KL = 0.5·ln2 + 0.25·ln(0.5) + 0 = 0.25·ln 2.
        using var t = tensor(new[] { MathF.Log(0.5f), MathF.Log(0.25f), MathF.Log(0.25f) }).reshape(1, 3);
        using var s = tensor(new[] { MathF.Log(0.25f), MathF.Log(0.5f), MathF.Log(0.25f) }).reshape(1, 3);
        var kl = 0.25 * Math.Log(2);

        Assert.Equal(kl, Losses.KlDivergence(t, s, 1, Losses.KlReduction.BatchMeanTimesTemperatureSquared).item<float>(), 6);
        Assert.Equal(kl / 3, Losses.KlDivergence(t, s, 1, Losses.KlReduction.ElementMean).item<float>(), 6);
        // Two identical rows: the batch mean is unchanged, the element mean too.
        Assert.Equal(kl, Losses.KlDivergence(cat([t, t]), cat([s, s]), 1, Losses.KlReduction.BatchMeanTimesTemperatureSquared).item<float>(), 6);
        Assert.Equal(0, Losses.KlDivergence(t, t, 4, Losses.KlReduction.BatchMeanTimesTemperatureSquared).item<float>(), 6);
    }

    [Fact]
    public void SalUn_Should_Keep_Masked_Out_Weights_Exactly_Frozen_Under_Momentum_And_Weight_Decay()
    {
        using var tiny = new TinyUnlearning();
        var before = TinyUnlearning.Flat(tiny.Model);
        // The mask the method will compute, computed the same way on an identical model.
        using var probe = new TinyUnlearning();
        using var probeContext = probe.Context(TinyUnlearning.Sgd("SalUn", 0, 1));
        var mask = cat(GrokUnlearn.Unlearning.Methods.SalUn.SaliencyMasks(probeContext, 0.3).Select(m => m.flatten()).ToArray()).data<float>().ToArray();
        Assert.Equal(Math.Round(0.3 * mask.Length), mask.Count(m => m == 1), 0);

        using var context = tiny.Context(TinyUnlearning.Sgd("SalUn", 0.1, 5, momentum: 0.9, weightDecay: 0.1, ("mask_fraction", 0.3)));
        MethodRegistry.Create("SalUn")!.Run(context);

        var after = TinyUnlearning.Flat(tiny.Model);
        for (var i = 0; i < before.Length; i++)
            if (mask[i] == 0) Assert.Equal(before[i], after[i]);
        Assert.Contains(Enumerable.Range(0, before.Length), i => mask[i] == 1 && before[i] != after[i]);
    }

    [Fact]
    public void BadTeacher_Should_Step_Towards_The_Random_Teacher_On_Forget_And_The_Original_On_A_Retain_Subset()
    {
        using var tiny = new TinyUnlearning();
        using var reference = TinyUnlearning.NewModel();
        using var original = TinyUnlearning.NewModel();
        var before = TinyUnlearning.Flat(tiny.Model);

        // Reproduce the method's draws from a generator with the context's seed: the retain subset, then the teacher.
        using var g = new Generator(7);
        var n = tiny.Data.RetainY.shape[0];
        var subset = randperm(n, generator: g).narrow(0, 0, (long)Math.Round(0.3 * n));
        using var incompetent = new ModularMlp(TinyUnlearning.P, new GrokUnlearn.Config.ModularMlpSpec("m", 4, [8], 1.0));
        incompetent.Initialise(g, 1.0);
        incompetent.eval();
        original.eval();
        Tensor teacher;
        using (no_grad())
            teacher = cat([incompetent.call(tiny.Data.ForgetX), original.call(tiny.Data.RetainX.index_select(0, subset))]).detach();
        reference.train();
        var gradient = TinyUnlearning.Gradient(reference, m =>
        {
            var student = m.call(cat([tiny.Data.ForgetX, tiny.Data.RetainX.index_select(0, subset)]));
            var logT = nn.functional.log_softmax(teacher, 1);
            return (logT.exp() * (logT - nn.functional.log_softmax(student, 1))).sum() / (student.shape[0] * student.shape[1]);
        });

        using var context = tiny.Context(TinyUnlearning.Sgd("BadTeacher", 0.5, 1));
        MethodRegistry.Create("BadTeacher")!.Run(context);

        var after = TinyUnlearning.Flat(tiny.Model);
        for (var i = 0; i < before.Length; i++) Assert.Equal(before[i] - 0.5 * gradient[i], after[i], 5);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void SCRUB_Should_Take_A_Max_Step_On_Forget_Then_A_Min_Step_On_Retain()
    {
        using var tiny = new TinyUnlearning();
        using var reference = TinyUnlearning.NewModel();
        const double lr = 0.2, t = 2, gamma = 0.9, alpha = 0.5;
        var before = TinyUnlearning.Flat(tiny.Model);

        // Max-step gradient at θ0: −KL_T(teacher ‖ student) on the forget set, where the teacher is θ0 itself.
        Tensor teacherForget;
        using (no_grad()) { reference.eval(); teacherForget = reference.call(tiny.Data.ForgetX).detach(); }
        reference.train();
        var g1 = TinyUnlearning.Gradient(reference, m => -Losses.KlDivergence(teacherForget, m.call(tiny.Data.ForgetX), t,
            Losses.KlReduction.BatchMeanTimesTemperatureSquared));

        var recorded = new List<int>();
        using var context = tiny.Context(TinyUnlearning.Sgd("SCRUB", lr, 1,
            ("temperature", t), ("gamma", gamma), ("alpha", alpha), ("msteps", 1)), recorded: recorded);
        MethodRegistry.Create("SCRUB")!.Run(context);

        // Then: two updates (max, min) were recorded …
        Assert.Equal([1, 2], recorded);
        // … and applying the max step by hand, then the min step's gradient at that point, gives the same weights.
        using (no_grad())
        {
            var offset = 0;
            foreach (var p in reference.parameters())
            {
                var size = (int)p.numel();
                p.sub_(tensor(g1.Skip(offset).Take(size).ToArray()).reshape(p.shape) * lr);
                offset += size;
            }
        }
        Tensor teacherRetain;
        using (no_grad()) { using var orig = TinyUnlearning.NewModel(); orig.eval(); teacherRetain = orig.call(tiny.Data.RetainX).detach(); }
        var mid = TinyUnlearning.Flat(reference);
        var g2 = TinyUnlearning.Gradient(reference, m =>
        {
            var s = m.call(tiny.Data.RetainX);
            return gamma * nn.functional.cross_entropy(s, tiny.Data.RetainY)
                   + alpha * Losses.KlDivergence(teacherRetain, s, t, Losses.KlReduction.BatchMeanTimesTemperatureSquared);
        });
        var after = TinyUnlearning.Flat(tiny.Model);
        for (var i = 0; i < before.Length; i++) Assert.Equal(mid[i] - lr * g2[i], after[i], 5);
        Assert.NotEqual(before, after);
    }
}
