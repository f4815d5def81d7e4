using GrokUnlearn.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Models;

/// <summary>Builds the model a spec names, for an input shape and class count, and initialises it from a seed.</summary>
public static class ModelFactory
{
    /// <summary>An image classifier for C × H × W inputs.</summary>
    public static nn.Module<Tensor, Tensor> CreateImageModel(ModelSpec spec, int channels, int height, int width, int classes) => spec switch
    {
        ImageMlpSpec mlp => new ImageMlp(channels * height * width, classes, mlp),
        CnnSpec cnn => new SmallCnn(channels, height, width, classes, cnn),
        ResNetSpec resnet => new ResNet18Cifar(channels, classes, resnet),
        _ => throw new ArgumentException($"model kind '{spec.Kind}' does not read images; allowed for image datasets: {ImageMlpSpec.KindName}, {CnnSpec.KindName}, {ResNetSpec.KindName}."),
    };

    /// <summary>A freshly initialised image classifier (seeded; α applied).</summary>
    public static nn.Module<Tensor, Tensor> CreateInitialisedImageModel(ModelSpec spec, int channels, int height, int width, int classes, int seed)
    {
        var model = CreateImageModel(spec, channels, height, width, classes);
        using var generator = new Generator((ulong)seed);
        DefaultInitialisation.Apply(model, generator, spec.InitScale);
        return model;
    }
}
