namespace GrokUnlearn.Config;

/// <summary>
/// The language track's TOFU-style knowledge base (<c>kind: fictitious-authors</c>): <see cref="Authors"/> trained
/// authors plus <see cref="HoldoutAuthors"/> never trained on, each with every attribute asked by
/// <see cref="Templates"/> question templates, of which <see cref="HeldOutTemplates"/> per author × attribute are kept
/// out of training (the held-out accuracy that shows generalisation); <see cref="Perturbed"/> wrong answers per
/// question; forget splits of 1/5/10% of the authors (at least one author each).
/// </summary>
public sealed record AuthorsDatasetSpec(string Name, int Authors, int HoldoutAuthors, int Templates, int HeldOutTemplates,
    int Perturbed, int Seed) : DatasetSpec(Name)
{
    public const string KindName = "fictitious-authors";

    public override string Kind => KindName;

    public override SortedDictionary<string, object> Parameters() => new(StringComparer.Ordinal)
    {
        ["kind"] = KindName,
        ["authors"] = Authors,
        ["holdout_authors"] = HoldoutAuthors,
        ["templates"] = Templates,
        ["held_out_templates"] = HeldOutTemplates,
        ["perturbed"] = Perturbed,
        ["seed"] = Seed,
    };
}
