using GrokUnlearn.Analysis;
using GrokUnlearn.Data;
using GrokUnlearn.Models;
using GrokUnlearn.Tasks;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Tasks;

/// <summary>The task model's contracts: fixed input scaling, chunked evaluation and gradients, probing by module name.</summary>
[Collection(TorchCollection.Name)]
public sealed class LearningTaskTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    private static ImageTable RandomImages(int n, int channels, int side, bool normalize)
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, n).Select(i =>
        {
            var pixels = new byte[channels * side * side];
            random.NextBytes(pixels);
            return new ImageRow { Index = i, SourceSplit = "train", SourceIndex = i, Label = i % 10, Split = i % 5 == 0 ? "test" : "train", Pixels = pixels };
        }).ToList();
        return new ImageTable(rows, channels, side, side, 10, normalize);
    }

    [Fact]
    public void Any_Subset_Of_Images_Should_Be_Scaled_With_The_Training_Subsets_Statistics()
    {
        // Given: standardised images; the retain rows are a subset of the training rows (an oracle's inputs).
        var table = RandomImages(40, 3, 4, normalize: true);
        using var task = new ImageTask(table, null);
        var training = task.TrainingRows();
        var retain = training.Where(r => r.Label != 3).ToList();

        // When
        var (all, _) = task.Tensors(training);
        var (subset, _) = task.Tensors(retain);

        // Then: each retained image has exactly the values it has among all training images, and the training set is
        // standardised (per-channel mean 0, sd 1) — the statistics do not follow the subset.
        var positions = retain.Select(r => (long)training.ToList().IndexOf(r)).ToArray();
        Assert.True(subset.eq(all.index_select(0, tensor(positions))).all().ToBoolean());
        Assert.True(all.mean([0L, 2L, 3L]).abs().max().ToDouble() < 1e-5);
        Assert.True((all.std([0L, 2L, 3L]) - 1).abs().max().ToDouble() < 1e-5);
        Assert.False(subset.mean([0L, 2L, 3L]).abs().max().ToDouble() < 1e-5 && (subset.std([0L, 2L, 3L]) - 1).abs().max().ToDouble() < 1e-5);
    }

    [Fact]
    public void Chunked_Evaluation_And_Gradients_Should_Equal_One_Full_Pass()
    {
        // Given: 1,500 images of 3×32×32 (more than one evaluation chunk of 2²² elements) and an MLP.
        var table = RandomImages(1500, 3, 32, normalize: false);
        using var task = new ImageTask(table, new GrokUnlearn.Config.ImageMlpSpec("m", [8], 1.0));
        using var model = task.CreateModel(0);
        model.eval();
        var (x, y) = task.Tensors(task.Rows);
        Assert.True(TaskEvaluation.ChunkRows(x) < x.shape[0]);

        // When
        var (accuracy, loss, perExample) = TaskEvaluation.Evaluate(model, x, y);
        var gradient = GradientAlignment.Gradient(model, x, y);

        // Then
        using var _ = NewDisposeScope();
        var logits = model.call(x);
        Assert.Equal(logits.argmax(1).eq(y).to_type(ScalarType.Float64).mean().ToDouble(), accuracy, 12);
        Assert.Equal(nn.functional.cross_entropy(logits, y).ToDouble(), loss, 5);
        Assert.True((perExample - nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.None)).abs().max().ToDouble() < 1e-5);
        var full = autograd.grad([nn.functional.cross_entropy(model.call(x), y)], model.parameters().Cast<Tensor>().ToList());
        foreach (var ((name, got), want) in gradient.Zip(full))
            Assert.True((got - want).abs().max().ToDouble() < 1e-6, $"{name}");
    }

    [Fact]
    public void Probes_Should_Read_The_Named_Modules_Values_By_Hooks()
    {
        // Given: a modular MLP, whose hidden.0 representation is relu(W₀·embed + b₀) and whose pre-activation is W₀·embed + b₀.
        using var model = new ModularMlp(7, new GrokUnlearn.Config.ModularMlpSpec("m", 4, [6], 1.0));
        using var g = new Generator(3);
        model.Initialise(g, 1.0);
        using var x = tensor(new long[] { 1, 2, 3, 4, 5, 6 }).reshape(3, 2);
        var linear = model.Layers[0];

        // When
        var representations = ActivationCapture.Read(model, model.RepresentationLayers, x);
        var pre = ActivationCapture.Read(model, model.PreActivations, x);

        // Then
        using var _ = no_grad();
        var embed = model.Embed(x);
        Assert.Equal(["embed", "hidden.0", "head"], representations.Select(r => r.Name));
        Assert.True(representations[0].Activation.eq(embed).all().ToBoolean());
        Assert.True(representations[1].Activation.eq(nn.functional.relu(linear.call(embed))).all().ToBoolean());
        Assert.True(representations[2].Activation.eq(model.call(x)).all().ToBoolean());
        Assert.Equal(["hidden.0", "head"], pre.Select(r => r.Name));
        Assert.True(pre[0].Activation.eq(linear.call(embed)).all().ToBoolean());
    }

    [Fact]
    public void A_Language_Forget_Split_Should_Hold_The_Trained_Questions_Of_The_Splits_Authors()
    {
        var rows = Language.TinyLanguage.Rows();
        using var task = new LanguageTask(rows, null);

        var split = task.ForgetSplit(GrokUnlearn.Config.ScenarioSpec.Tofu("forget10"));
        var forget = split.Where(r => r.Role == "forget").Select(r => r.Index).ToHashSet();

        Assert.Equal(GrokUnlearn.Language.AuthorSplits.Select(rows, "forget10").Select(r => r.Id), forget.Order());
        Assert.Equal(GrokUnlearn.Language.AuthorSplits.Select(rows, "retain90").Select(r => r.Id), task.TrainingRows(forget).Select(r => r.Index));
        Assert.Equal(GrokUnlearn.Language.AuthorSplits.HeldOut(rows, "forget10").Select(r => r.Id), task.TestRows(forget).Select(r => r.Index));
    }
    [Fact]
    public void Image_Pairing_Should_Give_Each_Forget_Image_A_Retain_Image_Of_Its_Class_In_Order()
    {
        using var task = new ImageTask(RandomImages(10, 1, 2, normalize: false), null);
        using var forgetX = tensor(new float[] { 10, 11, 12 }).reshape(3, 1);
        using var forgetY = tensor(new long[] { 0, 1, 0 });
        using var retainX = tensor(new float[] { 20, 21, 22, 23 }).reshape(4, 1);
        using var retainY = tensor(new long[] { 1, 0, 2, 0 });

        var (f, r) = task.MatchPairs(forgetX, forgetY, retainX, retainY)!.Value;

        // Forget 0 (class 0) → the first class-0 retain image (21); forget 1 (class 1) → 20; forget 2 (class 0) → the second (23).
        Assert.Equal([10f, 11f, 12f], f.flatten().data<float>().ToArray());
        Assert.Equal([21f, 20f, 23f], r.flatten().data<float>().ToArray());
    }

    [Fact]
    public void Input_Space_Local_Complexity_Should_Count_The_Known_Zero_Sets_Of_A_Tiny_ReLU_Network()
    {
        // Given: 1×1×2 "images" through an MLP whose two hidden neurons are x₁ and x₂ (zero sets: the two axes) and whose
        // head is constant (never crosses zero).
        using var model = new ImageMlp(2, 2, new GrokUnlearn.Config.ImageMlpSpec("m", [2], 1.0));
        using (no_grad())
        {
            var p = model.named_parameters().ToDictionary(t => t.name, t => t.parameter);
            p["hidden.0.weight"].copy_(eye(2));
            p["hidden.0.bias"].zero_();
            p["head.weight"].zero_();
            p["head.bias"].fill_(1.0);
        }
        using var points = tensor(new float[] { 0.05f, 0.5f, 0.5f, 0.5f, -0.02f, -0.03f, 0.5f, -0.08f }).reshape(4, 2);
        using var directions = eye(2);

        // When: the cross-polytope of radius 0.1 around each point, read through the model's own probes in input space.
        var counts = LocalComplexity.CrossedNeurons(
            h => ActivationCapture.ReadFromInputSpace(model, model.PreActivations, h.reshape(h.shape[0], 1, 1, 2)).Select(a => a.Activation).ToList(),
            points, directions, 0.1).data<long>().ToArray();

        // Then: neuron i is crossed exactly when |xᵢ| < 0.1; the head never.
        Assert.Equal(["hidden.0", "head"], model.PreActivations.Select(p => p.Name));
        Assert.Equal(new long[] { 1, 0, 0, 0, 2, 0, 1, 0 }, counts);
    }
}
