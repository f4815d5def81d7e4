using System.Text.RegularExpressions;

namespace GrokUnlearn.Language;

/// <summary>
/// A word-level tokenizer: lower-cased words and punctuation marks are tokens; the vocabulary is the sorted set of
/// tokens of a corpus after five specials (pad, bos, sep between question and answer, eos, unk). Deterministic: the
/// same corpus gives the same ids.
/// </summary>
public sealed partial class WordTokenizer
{
    public const int Pad = 0, Bos = 1, Sep = 2, Eos = 3, Unk = 4;
    private static readonly string[] Specials = ["<pad>", "<bos>", "<sep>", "<eos>", "<unk>"];

    private readonly Dictionary<string, int> _ids;

    public WordTokenizer(IEnumerable<string> corpus)
    {
        var words = corpus.SelectMany(Split).Distinct().Where(w => !Specials.Contains(w)).Order(StringComparer.Ordinal);
        Vocabulary = [.. Specials, .. words];
        _ids = Vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
    }

    public IReadOnlyList<string> Vocabulary { get; }
    public int Count => Vocabulary.Count;

    [GeneratedRegex(@"[\p{L}\p{N}']+|[^\s\p{L}\p{N}']")]
    private static partial Regex TokenPattern();

    public static IEnumerable<string> Split(string text) => TokenPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    public int[] Encode(string text) => Split(text).Select(w => _ids.GetValueOrDefault(w, Unk)).ToArray();

    /// <summary>Tokens back to text (specials dropped, single spaces), e.g. for a generation's ROUGE-L.</summary>
    public string Decode(IEnumerable<int> ids) =>
        string.Join(' ', ids.Where(i => i >= Specials.Length && i < Count).Select(i => Vocabulary[i]));
}
