using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GrokUnlearn.Report;

/// <summary>
/// Opens a rendered report in headless Chromium (Debian's <c>chromium</c>) and reports console errors and images that
/// did not render. A small harness page loads the report in an iframe (file access allowed between local files),
/// waits for it, and writes the count of images and the broken ones into its own DOM, which <c>--dump-dom</c> prints.
/// </summary>
public static partial class BrowserCheck
{
    public sealed record Outcome(int Images, IReadOnlyList<string> BrokenImages, IReadOnlyList<string> ConsoleErrors)
    {
        public bool Passed => Images > 0 && BrokenImages.Count == 0 && ConsoleErrors.Count == 0;
    }

    /// <summary>The Chromium executable on PATH (chromium, chromium-browser, google-chrome), or null.</summary>
    public static string? FindChromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static Outcome Run(string reportHtml, string chromium, TimeSpan timeout)
    {
        var report = Path.GetFullPath(reportHtml);
        var harness = Path.Combine(Path.GetDirectoryName(report)!, $".browser-check-{Guid.NewGuid():N}.html");
        File.WriteAllText(harness, Harness(Path.GetFileName(report)));
        var profile = Directory.CreateTempSubdirectory("grokunlearn-chromium-");
        try
        {
            var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
                         "--virtual-time-budget=15000", $"--user-data-dir={profile.FullName}", "--dump-dom", new Uri(harness).AbsoluteUri,
                     })
                psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"headless Chromium did not finish within {timeout.TotalSeconds:F0} s on {report}.");
            }
            var dom = stdout.Result;
            var match = ResultPattern().Match(dom);
            if (!match.Success)
                throw new InvalidOperationException($"the browser check harness produced no result for {report}; Chromium said: {Tail(stderr.Result)}");
            var broken = match.Groups["broken"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Console messages of the report itself (the harness logs nothing): errors and failed loads.
            var errors = stderr.Result.Split('\n')
                .Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) && (l.Contains("Uncaught", StringComparison.Ordinal) || l.Contains("Failed to load", StringComparison.Ordinal) || l.Contains(":ERROR:", StringComparison.Ordinal)))
                .Select(l => l.Trim()).ToList();
            return new Outcome(int.Parse(match.Groups["images"].Value, System.Globalization.CultureInfo.InvariantCulture), broken, errors);
        }
        finally
        {
            File.Delete(harness);
            profile.Delete(recursive: true);
        }
    }

    private static string Harness(string reportFile) => $$"""
        <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
        <iframe id="r" src="{{Uri.EscapeDataString(reportFile)}}" style="width:1200px;height:900px"></iframe>
        <pre id="result"></pre>
        <script>
        document.getElementById('r').addEventListener('load', function () {
          var doc = this.contentDocument;
          var imgs = Array.prototype.slice.call(doc.images);
          var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                           .map(function (i) { return i.getAttribute('src'); });
          document.getElementById('result').textContent = 'images=' + imgs.length + ';broken=' + broken.join(' ') + ';end';
        });
        </script></body></html>
        """;

    private static string Tail(string s) => s.Length <= 2000 ? s : s[^2000..];

    [GeneratedRegex(@"images=(?<images>\d+);broken=(?<broken>[^;]*);end")]
    private static partial Regex ResultPattern();
}
