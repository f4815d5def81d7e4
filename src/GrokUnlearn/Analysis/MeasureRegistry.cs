namespace GrokUnlearn.Analysis;

/// <summary>Every mechanism measure group, in the order they run and appear.</summary>
public static class MeasureRegistry
{
    public static IReadOnlyList<IMeasureGroup> All { get; } =
    [
        new GradientAlignmentGroup(), new LocalComplexityGroup(), new RepresentationGroup(), new FourierGroup(), new CkaGroup(), new CurvatureGroup(),
    ];
}
