namespace GrokUnlearn.Tests.Fixtures;

/// <summary>A test that needs Debian's original Fashion-MNIST files: skipped, with the reason shown, where they are absent (.ci/run installs them).</summary>
public sealed class DebianFashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public DebianFashionMnistFactAttribute()
    {
        if (!Directory.Exists(Folder)) Skip = $"{Folder} is absent (Debian: apt-get install dataset-fashion-mnist); the catalog checksums were not checked against the originals";
    }
}
