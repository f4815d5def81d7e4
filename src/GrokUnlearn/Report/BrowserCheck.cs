using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GrokUnlearn.Report;

/// <summary>
/// Opens a rendered report in headless Chromium (Debian's <c>chromium</c>) at a reader's window size and checks what a
/// reader would see: console errors, images that did not render, table cells too narrow for their longest word (a
/// column that wraps mid-word), and where the abstract, the first figure and the verdict matrix land. A small harness
/// page loads the report in an iframe of <see cref="Width"/> × <see cref="ScreenHeight"/> pixels (file access allowed
/// between local files), measures it, and writes the result as JSON into its own DOM, which <c>--dump-dom</c> prints.
/// A second Chromium call saves a full-page screenshot beside the report.
/// </summary>
public static partial class BrowserCheck
{
    public const int Width = 1400;
    public const int ScreenHeight = 900;
    /// <summary>Chromium's screenshots stop being reliable past this height; a taller page is cut there (and says so).</summary>
    public const int MaxScreenshotHeight = 16_000;
    public const string ScreenshotFile = "screenshot.png";

    /// <param name="NarrowCells">Table cells narrower than their longest word: "text of the cell → word".</param>
    /// <param name="AbstractBottom">Bottom of the abstract in page pixels (null: the page has no .hero-text).</param>
    /// <param name="HeroFigureBottom">Bottom of the first figure in page pixels (null: no figure).</param>
    /// <param name="MatrixTop">Top of the first table under the Verdicts heading (null: no verdict matrix).</param>
    public sealed record Outcome(int Images, IReadOnlyList<string> BrokenImages, IReadOnlyList<string> ConsoleErrors)
    {
        public IReadOnlyList<string> NarrowCells { get; init; } = [];
        public double? AbstractBottom { get; init; }
        public double? HeroFigureBottom { get; init; }
        public double? MatrixTop { get; init; }
        public double PageHeight { get; init; }
        /// <summary>The full-page screenshot, or null when none was taken.</summary>
        public string? Screenshot { get; init; }

        /// <summary>The abstract and a headline figure are both on the first screen (when the page has them).</summary>
        public bool FirstScreenHoldsAbstractAndFigure =>
            AbstractBottom is null || (AbstractBottom <= ScreenHeight && HeroFigureBottom is { } f && f <= ScreenHeight);

        /// <summary>The verdict matrix starts within the first three screens (when the page has one).</summary>
        public bool MatrixWithinThreeScreens => MatrixTop is null || MatrixTop < 3 * ScreenHeight;

        public double Screens => PageHeight / ScreenHeight;

        public bool Passed => Images > 0 && BrokenImages.Count == 0 && ConsoleErrors.Count == 0 && NarrowCells.Count == 0
                              && FirstScreenHoldsAbstractAndFigure && MatrixWithinThreeScreens;
    }

    /// <summary>The Chromium executable on PATH (chromium, chromium-browser, google-chrome), or null.</summary>
    public static string? FindChromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <param name="screenshot">Save a full-page screenshot as screenshot.png beside the report.</param>
    public static Outcome Run(string reportHtml, string chromium, TimeSpan timeout, bool screenshot = true)
    {
        var report = Path.GetFullPath(reportHtml);
        var harness = Path.Combine(Path.GetDirectoryName(report)!, $".browser-check-{Guid.NewGuid():N}.html");
        File.WriteAllText(harness, Harness(Path.GetFileName(report)));
        try
        {
            var (dom, stderr) = Chromium(chromium, timeout, report, "--virtual-time-budget=15000", "--dump-dom", new Uri(harness).AbsoluteUri);
            var match = ResultPattern().Match(dom);
            if (!match.Success)
                throw new InvalidOperationException($"the browser check harness produced no result for {report}; Chromium said: {Tail(stderr)}");
            var result = JsonSerializer.Deserialize<HarnessResult>(WebUtility.HtmlDecode(match.Groups["json"].Value))
                         ?? throw new InvalidOperationException($"the browser check harness gave an empty result for {report}.");
            // Console messages of the report itself (the harness logs nothing): errors and failed loads.
            var errors = stderr.Split('\n')
                .Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) && (l.Contains("Uncaught", StringComparison.Ordinal) || l.Contains("Failed to load", StringComparison.Ordinal) || l.Contains(":ERROR:", StringComparison.Ordinal)))
                .Select(l => l.Trim()).ToList();
            string? shot = null;
            if (screenshot)
            {
                shot = Path.Combine(Path.GetDirectoryName(report)!, ScreenshotFile);
                var height = (int)Math.Clamp(Math.Ceiling(result.pageHeight), ScreenHeight, MaxScreenshotHeight);
                var tmp = shot + ".tmp.png";
                Chromium(chromium, timeout, report, "--hide-scrollbars", "--virtual-time-budget=15000", $"--window-size={Width},{height}", $"--screenshot={tmp}", new Uri(report).AbsoluteUri);
                if (!File.Exists(tmp)) throw new InvalidOperationException($"Chromium wrote no screenshot of {report}.");
                File.Move(tmp, shot, overwrite: true);
            }
            return new Outcome(result.images, result.broken, errors)
            {
                NarrowCells = result.narrow,
                AbstractBottom = result.abstractBottom,
                HeroFigureBottom = result.figureBottom,
                MatrixTop = result.matrixTop,
                PageHeight = result.pageHeight,
                Screenshot = shot,
            };
        }
        finally
        {
            File.Delete(harness);
        }
    }

    private static (string Stdout, string Stderr) Chromium(string chromium, TimeSpan timeout, string report, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("grokunlearn-chromium-");
        try
        {
            var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile.FullName}" }.Concat(args))
                psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"headless Chromium did not finish within {timeout.TotalSeconds:F0} s on {report}.");
            }
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    // The harness's JSON (camel case to match the script).
#pragma warning disable IDE1006
    private sealed record HarnessResult(int images, string[] broken, string[] narrow, double? abstractBottom, double? figureBottom, double? matrixTop, double pageHeight);
#pragma warning restore IDE1006

    private static string Harness(string reportFile) => $$"""
        <!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
        <iframe id="r" src="{{Uri.EscapeDataString(reportFile)}}" style="width:{{Width}}px;height:{{ScreenHeight}}px;border:0"></iframe>
        <pre id="result"></pre>
        <script>
        document.getElementById('r').addEventListener('load', function () {
          var win = this.contentWindow, doc = this.contentDocument;
          var imgs = Array.prototype.slice.call(doc.images);
          var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                           .map(function (i) { return i.getAttribute('src'); });
          function bottom(el) { return el ? el.getBoundingClientRect().bottom + win.scrollY : null; }
          var hero = doc.querySelector('.hero-text');
          var figure = doc.querySelector('.hero figure img');
          var verdicts = doc.getElementById('verdicts'), matrix = null;
          for (var el = verdicts && verdicts.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
            if (el.querySelector && (el.tagName === 'TABLE' || el.querySelector('table'))) { matrix = el; break; }
          var result = { images: imgs.length, broken: broken, abstractBottom: bottom(hero), figureBottom: bottom(figure),
                         matrixTop: matrix ? matrix.getBoundingClientRect().top + win.scrollY : null,
                         pageHeight: doc.documentElement.scrollHeight, narrow: [] };
          // Every folded box open, then each table cell against its longest word in the cell's own fonts.
          doc.querySelectorAll('details').forEach(function (d) { d.open = true; });
          var ctx = doc.createElement('canvas').getContext('2d');
          doc.querySelectorAll('td, th').forEach(function (cell) {
            if (!cell.offsetParent || result.narrow.length >= 20) return;
            var cs = win.getComputedStyle(cell);
            var room = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            var walker = doc.createTreeWalker(cell, NodeFilter.SHOW_TEXT), widest = 0, word = '';
            while (walker.nextNode()) {
              ctx.font = win.getComputedStyle(walker.currentNode.parentElement).font;
              // Words end at spaces and where a line may break anyway (after a hyphen, comma, slash, colon or semicolon).
              walker.currentNode.textContent.split(/\s+|(?<=[-,\/;:])/).forEach(function (w) {
                var m = ctx.measureText(w).width; if (m > widest) { widest = m; word = w; } });
            }
            if (widest > room + 1) result.narrow.push(cell.textContent.trim().slice(0, 60) + ' → ' + word + ' (' + Math.round(widest) + ' px in ' + Math.round(room) + ' px)');
          });
          document.getElementById('result').textContent = 'result=' + JSON.stringify(result) + ';end';
        });
        </script></body></html>
        """;

    private static string Tail(string s) => s.Length <= 2000 ? s : s[^2000..];

    [GeneratedRegex(@"result=(?<json>\{.*\});end", RegexOptions.Singleline)]
    private static partial Regex ResultPattern();
}
