using GrokUnlearn.Language;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Pipeline;

/// <summary>One local-grokking forget set (kind × size × draw) persisted by a <see cref="LocalGrokCell"/>.</summary>
public sealed class LocalForgetSet(LocalGrokCell labels, string kind, int size, int draw) : IForgetSource
{
    public LocalGrokCell Labels { get; } = labels;
    public string Kind { get; } = kind;
    public int Size { get; } = size;
    public int Draw { get; } = draw;

    public string Name => LocalForgetSets.Name(Kind, Size, Draw);
    public StageCell Cell => Labels;
    public (string Key, string Fingerprint) Input => ("local_forget_set", $"{Labels.Fingerprint}/{Name}");
    public IReadOnlyList<int> ForgottenClasses => [];

    public async Task<(IReadOnlySet<int> Forget, string? NotDrawn)> ReadAsync()
    {
        var rows = (await ParquetTable.ReadAsync<LocalForgetSetRow>(Labels.LockTable)).Rows.Where(r => r.Set == Name).Select(r => r.Index).ToHashSet();
        if (rows.Count > 0) return (rows, null);
        var labelled = (await ParquetTable.ReadAsync<LocalGrokLabelRow>(Labels.LabelTable)).Rows.Count;
        return (rows, labelled == 0
            ? "forget set not drawn: the run never fit, so it has no candidate checkpoint and no labels"
            : $"forget set not drawn: the run has fewer than {Size} {Kind} questions (see {Path.GetFileName(Labels.LabelTable)})");
    }
}
