using GrokUnlearn.Config;
using GrokUnlearn.Models;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Models;

[Collection(TorchCollection.Name)]
public sealed class ImageModelTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void ResNet18_Cifar_Should_Have_The_Published_Parameter_Count_And_Keep_Resolution_In_The_Stem()
    {
        // 11,173,962 parameters: ResNet-18's CIFAR variant (3×3 stem, no max-pool) with a 10-way head, BatchNorm on.
        using var model = new ResNet18Cifar(3, 10, new ResNetSpec("r", 1.0, BatchNorm: true, 1.0));
        using var x = randn(2, 3, 32, 32);

        using var logits = model.call(x);

        Assert.Equal(11_173_962, Count(model));
        Assert.Equal([2L, 10L], logits.shape);
        Assert.Contains("layer4.1.bn2.running_mean", model.state_dict().Keys);
        Assert.Contains("layer2.0.shortcut.0.weight", model.state_dict().Keys);
    }

    [Fact]
    public void ResNet18_Without_BatchNorm_Should_Have_No_Norm_Parameters()
    {
        using var model = new ResNet18Cifar(3, 10, new ResNetSpec("r", 0.25, BatchNorm: false, 1.0));

        Assert.DoesNotContain(model.state_dict().Keys, k => k.Contains("running_mean") || k.Contains("bn1.weight"));
        Assert.Equal([16, 32, 64, 128], new ResNetSpec("r", 0.25, false, 1.0).StageWidths);
        using var logits = model.call(randn(1, 3, 32, 32));
        Assert.Equal([1L, 10L], logits.shape);
    }

    [Fact]
    public void Cnn_And_Mlp_Should_Have_The_Parameter_Counts_Their_Layers_Imply()
    {
        // CNN: conv 1→16 (3·3·1·16 + 16), conv 16→32 (3·3·16·32 + 32), head 32·7·7 → 10 (1568·10 + 10).
        using var cnn = new SmallCnn(1, 28, 28, 10, new CnnSpec("c", [16, 32], 0, BatchNorm: false, 1.0));
        // Omnigrok's MLP: 784·200 + 200 + 200·200 + 200 + 200·10 + 10.
        using var mlp = new ImageMlp(784, 10, new ImageMlpSpec("m", [200, 200], 1.0));

        Assert.Equal(160 + 4640 + 15690, Count(cnn));
        Assert.Equal(199_210, Count(mlp));
        using var logits = cnn.call(randn(3, 1, 28, 28));
        Assert.Equal([3L, 10L], logits.shape);
    }

    [Fact]
    public void Init_Scale_Should_Multiply_Every_Parameter_Of_The_Seeded_Default_Init()
    {
        var spec = new CnnSpec("c", [4], 8, BatchNorm: true, 1.0);
        using var plain = ModelFactory.CreateInitialisedImageModel(spec, 1, 8, 8, 3, seed: 5);
        using var again = ModelFactory.CreateInitialisedImageModel(spec, 1, 8, 8, 3, seed: 5);
        using var scaled = ModelFactory.CreateInitialisedImageModel(spec with { InitScale = 8.0 }, 1, 8, 8, 3, seed: 5);

        foreach (var ((name, a), (_, b), (_, c)) in plain.named_parameters().Zip(again.named_parameters(), scaled.named_parameters()))
        {
            Assert.True(a.eq(b).all().ToBoolean(), $"{name}: same seed must give the same weights");
            Assert.True(c.allclose(a * 8.0, rtol: 1e-6, atol: 1e-7), $"{name}: α = 8 must multiply the default init");
        }
        // Default init: conv weight within ±1/√fan_in (fan_in = 1·3·3), BatchNorm weight 1 and bias 0.
        var state = plain.state_dict();
        Assert.True(state["conv.0.weight"].abs().max().ToDouble() <= 1.0 / 3.0);
        Assert.Equal(1.0, state["bn.0.weight"].min().ToDouble());
        Assert.Equal(0.0, state["bn.0.bias"].abs().max().ToDouble());
    }

    [Fact]
    public void Cnn_Should_Compute_The_Standard_Convolutions_With_Its_Channels_Last_Layout()
    {
        // Given: a BN-free CNN and an independent forward pass written with the standard (NCHW) layout throughout.
        using var model = ModelFactory.CreateInitialisedImageModel(new CnnSpec("c", [4, 8], 16, false, 1.0), 3, 8, 8, 5, seed: 3);
        var p = model.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        using var x = randn(2, 3, 8, 8, generator: new Generator(1));
        using var scope = NewDisposeScope();
        var h = x;
        foreach (var i in new[] { 0, 1 })
            h = nn.functional.max_pool2d(nn.functional.relu(nn.functional.conv2d(h, p[$"conv.{i}.weight"], p[$"conv.{i}.bias"], padding: [1, 1])), 2);
        h = nn.functional.relu(nn.functional.linear(h.reshape(2, -1), p["hidden.0.weight"], p["hidden.0.bias"]));
        var expected = nn.functional.linear(h, p["head.weight"], p["head.bias"]);

        // When / Then: the same logits, and parameters kept in the standard layout (checkpoints and optimizer state save them).
        Assert.True(model.call(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.All(p.Values, t => Assert.True(t.is_contiguous()));
        Assert.True(SmallCnn.ChannelsLast(x).eq(x).all().item<bool>());
    }
}
