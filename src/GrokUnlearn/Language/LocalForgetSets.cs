using System.Security.Cryptography;
using System.Text;

namespace GrokUnlearn.Language;

/// <summary>
/// The Table 2 design's forget sets: for each kind (grokked, ungrokked), size and draw, that many examples of the kind
/// drawn without replacement by a seeded shuffle (each set's stream depends on seed / kind / size / draw only). A kind
/// with fewer examples than a size gets no set of that size, and the reason is returned.
/// </summary>
public static class LocalForgetSets
{
    public static string Name(string kind, int size, int draw) => $"{kind}-n{size}-d{draw}";

    public static (IReadOnlyList<LocalForgetSetRow> Rows, IReadOnlyList<string> NotDrawn) Draw(
        IReadOnlyDictionary<int, string> labels, IReadOnlyList<int> sizes, int draws, int seed)
    {
        var rows = new List<LocalForgetSetRow>();
        var notDrawn = new List<string>();
        foreach (var kind in LocalGrokLabels.Kinds)
        {
            var pool = labels.Where(l => l.Value == kind).Select(l => l.Key).Order().ToArray();
            foreach (var size in sizes)
            {
                if (pool.Length < size)
                {
                    notDrawn.Add($"{kind} sets of {size}: only {pool.Length} {kind} questions");
                    continue;
                }
                for (var draw = 1; draw <= draws; draw++)
                {
                    var order = (int[])pool.Clone();
                    new Random(StreamSeed(seed, kind, size, draw)).Shuffle(order);
                    rows.AddRange(order.Take(size).Order().Select(i => new LocalForgetSetRow
                    {
                        Set = Name(kind, size, draw), Kind = kind, Size = size, Draw = draw, Index = i,
                    }));
                }
            }
        }
        return (rows, notDrawn);
    }

    private static int StreamSeed(int seed, string kind, int size, int draw) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{kind}/{size}/{draw}")), 0) & int.MaxValue;
}
