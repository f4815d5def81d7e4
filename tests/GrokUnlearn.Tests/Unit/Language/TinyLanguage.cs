using GrokUnlearn.Config;
using GrokUnlearn.Language;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Language;

/// <summary>A 12-author knowledge base, its tokenizer and a one-block transformer small enough for exact checks.</summary>
internal static class TinyLanguage
{
    public static readonly AuthorsDatasetSpec Data = new("tiny", 12, 2, 3, 1, 3, 0);
    public static readonly TransformerSpec Spec = new("t", 16, 1, 2, 32, 32, 1.0);

    public static IReadOnlyList<QaRow> Rows() => FictitiousAuthors.Generate(Data);

    public static WordTokenizer Tokenizer() => AuthorSplits.Tokenizer(Rows());

    public static DecoderTransformer Model(int seed, double initScale = 5.0)
    {
        var model = new DecoderTransformer(Tokenizer().Count, Spec);
        using var generator = new Generator((ulong)seed);
        model.Initialise(generator, initScale);
        return model;
    }

    public static (Tensor Inputs, Tensor Targets) Encode(IEnumerable<(string, string)> pairs) => SequenceBatch.Encode(Tokenizer(), pairs);

    public static float[] Flat(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();
}
