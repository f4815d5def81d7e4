using GrokUnlearn.Pipeline;
using GrokUnlearn.Storage;
using ScottPlot;

namespace GrokUnlearn.Report;

/// <summary>Writes a figure twice, atomically: SVG for the HTML report, PNG for the Markdown one.</summary>
public static class FigureFile
{
    public static void Save(Plot plot, string dir, string name, int width, int height)
    {
        AtomicFile.WriteAllText(Path.Combine(dir, name + ".svg"), plot.GetSvgXml(width, height));
        AtomicFile.WriteAllBytes(Path.Combine(dir, name + ".png"), plot.GetImageBytes(width, height, ImageFormat.Png));
    }
}
