using GrokUnlearn.Report;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>A test that needs headless Chromium: skipped, with the reason shown, where it is not installed (.ci/run installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (BrowserCheck.FindChromium() is null) Skip = "chromium is not installed (Debian: apt-get install chromium); the browser check of the report did not run";
    }
}
