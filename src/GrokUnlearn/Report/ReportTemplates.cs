using System.Security.Cryptography;
using System.Text;

namespace GrokUnlearn.Report;

/// <summary>
/// The Scriban templates under paper/ and a hash of their content: report.content.sbn is the report's one source (every
/// section, in Markdown); report.html.sbn and report.md.sbn are the thin pages around it.
/// </summary>
public sealed class ReportTemplates
{
    public const string ContentTemplate = "report.content.sbn";
    public const string HtmlTemplate = "report.html.sbn";
    public const string MarkdownTemplate = "report.md.sbn";

    private ReportTemplates(string directory, string contentHash)
    {
        Directory = directory;
        ContentHash = contentHash;
    }

    public string Directory { get; }

    /// <summary>SHA-256 over every *.sbn and *.csv file's name and bytes: editing a template or the paper's numbers makes the report stale.</summary>
    public string ContentHash { get; }

    public static ReportTemplates FromDirectory(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new Config.ConfigException($"report templates folder {directory} does not exist.");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.sbn").Concat(System.IO.Directory.GetFiles(directory, "*.csv")).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return new ReportTemplates(directory, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public string PathOf(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : throw new Config.ConfigException($"report template {path} is missing.");
    }
}
