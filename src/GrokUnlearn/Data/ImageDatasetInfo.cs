namespace GrokUnlearn.Data;

/// <summary>
/// What the catalog knows of one image dataset: its format, published files with checksums (in the order the loader
/// reads them), classes, and where offline copies may live. <see cref="MirrorNames"/> are folder names looked up under
/// every mirror root (<c>--data-root</c>, GROKUNLEARN_DATA_ROOT, /usr/share/datasets); <see cref="BundledFolder"/> is a
/// folder of the repository that ships the files.
/// </summary>
public sealed record ImageDatasetInfo(
    string Kind,
    string Title,
    ImageFormat Format,
    IReadOnlyList<DatasetFile> Files,
    int Classes,
    string Homepage,
    string Licence,
    IReadOnlyList<string> MirrorNames,
    string? DebianPackage = null,
    string? BundledFolder = null);
