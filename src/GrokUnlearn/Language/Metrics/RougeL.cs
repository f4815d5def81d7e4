namespace GrokUnlearn.Language.Metrics;

/// <summary>
/// ROUGE-L recall (Lin 2004): longest common subsequence of words / words in the reference, on lower-cased
/// alphanumeric tokens as rouge_score tokenises them (TOFU turns its Porter stemmer on; our closed-vocabulary answers
/// have no inflected variants to merge, so no stemmer is applied).
/// </summary>
public static class RougeL
{
    public static double Recall(string generated, string reference)
    {
        var g = Tokens(generated);
        var r = Tokens(reference);
        return r.Length == 0 ? 0 : (double)Lcs(g, r) / r.Length;
    }

    public static string[] Tokens(string text) =>
        System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), "[^a-z0-9]+").Where(t => t.Length > 0).ToArray();

    public static int Lcs(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var row = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            var diagonal = 0;
            for (var j = 1; j <= b.Count; j++)
            {
                var above = row[j];
                row[j] = a[i - 1] == b[j - 1] ? diagonal + 1 : Math.Max(row[j], row[j - 1]);
                diagonal = above;
            }
        }
        return row[b.Count];
    }
}
