using GrokUnlearn.Analysis;
using GrokUnlearn.Language;
using GrokUnlearn.Unlearning.Methods;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Language;

[Collection(TorchCollection.Name)]
public sealed class DecoderTransformerTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void A_Later_Token_Should_Not_Change_Earlier_Logits_Causal_Mask()
    {
        using var model = TinyLanguage.Model(0);
        model.eval();
        using var a = tensor(new long[] { 1, 7, 9, 11, 13, 2 }, [1, 6]);
        using var b = tensor(new long[] { 1, 7, 9, 11, 13, 5 }, [1, 6]);
        using var _ = no_grad();
        using var la = model.call(a);
        using var lb = model.call(b);
        Assert.True(la.narrow(1, 0, 5).allclose(lb.narrow(1, 0, 5), 0, 1e-6));
        Assert.False(la.narrow(1, 5, 1).allclose(lb.narrow(1, 5, 1), 0, 1e-6));
    }

    [Fact]
    public void Same_Seed_Should_Give_The_Same_Weights_And_Another_Seed_Others()
    {
        using var a = TinyLanguage.Model(3);
        using var b = TinyLanguage.Model(3);
        using var c = TinyLanguage.Model(4);
        Assert.Equal(TinyLanguage.Flat(a), TinyLanguage.Flat(b));
        Assert.NotEqual(TinyLanguage.Flat(a), TinyLanguage.Flat(c));
        // Keys are the checkpoint's safetensors names.
        Assert.Contains("blocks.0.attn.qkv.weight", a.state_dict().Keys);
        Assert.Contains("head.weight", a.state_dict().Keys);
    }

    [Fact]
    public void Forward_Hook_Should_See_The_Block_Output_Of_A_Manual_Forward()
    {
        // Given: the block's output computed by hand from the embeddings (no hook involved).
        using var model = TinyLanguage.Model(1);
        model.eval();
        using var ids = tensor(new long[] { 1, 7, 9, 11, 2, 5, 6 }, [1, 7]);
        var weights = model.state_dict();
        using var _ = no_grad();
        using var embedded = weights["tokens.weight"].index_select(0, ids.flatten()).unsqueeze(0) + weights["positions.weight"].narrow(0, 0, 7);
        using var manual = model.Blocks[0].call(embedded);

        // When
        using var hooked = Rmu.Hidden(model, 0, ids);

        // Then
        Assert.True(hooked.allclose(manual, 1e-5, 1e-6));
    }

    [Fact]
    public void Hessian_Vector_Product_Should_Run_Through_Attention_And_Match_Finite_Differences()
    {
        // Given: the answer-token loss of four questions and a random direction v.
        using var model = TinyLanguage.Model(2);
        model.eval();
        var rows = TinyLanguage.Rows().Where(r => r.Trained).Take(4).ToList();
        var (x, y) = TinyLanguage.Encode(rows.Select(r => (r.Question, r.Answer)));
        var parameters = model.parameters().ToList();
        Tensor Loss() => nn.functional.cross_entropy(model.call(x).flatten(0, 1), y.flatten(), ignore_index: -100);
        using var generator = new Generator(5);
        var v = parameters.Select(p => randn(p.shape, generator: generator)).ToList();

        // When: Hv by double backward.
        using var curvature = new Curvature(Loss(), parameters);
        var hv = curvature.Hvp(v);

        // Then: (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.
        const double eps = 1e-3;
        Tensor[] Gradient(double sign)
        {
            using (no_grad()) foreach (var (p, d) in parameters.Zip(v)) p.add_(d, alpha: sign * eps);
            var g = autograd.grad([Loss()], [.. parameters]).Select(t => t.detach().clone()).ToArray();
            using (no_grad()) foreach (var (p, d) in parameters.Zip(v)) p.add_(d, alpha: -sign * eps);
            return g;
        }
        var plus = Gradient(1);
        var minus = Gradient(-1);
        var fd = cat(plus.Zip(minus, (a, b) => ((a - b) / (2 * eps)).flatten()).ToArray());
        var exact = cat(hv.Select(t => t.flatten()).ToArray());
        var relative = (fd - exact).norm().ToDouble() / exact.norm().ToDouble();
        Assert.True(exact.norm().ToDouble() > 1e-3);
        Assert.True(relative < 2e-2, $"relative difference {relative}");
    }
}
