using GrokUnlearn.Analysis;
using GrokUnlearn.Tests.Fixtures;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

[Collection(TorchCollection.Name)]
public sealed class RepresentationStructureTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Class_Selectivity_Should_Follow_Morcos_Definition()
    {
        // Unit 0 fires only for class 0 (SI 1); unit 1: class means 2, 1, 1 → (2 − 1)/(2 + 1) = 1/3; unit 2 is dead.
        using var a = tensor(new float[,] { { 4, 2, 0 }, { 0, 2, 0 }, { 0, 1, 0 }, { 0, 1, 0 } });
        using var labels = tensor(new long[] { 0, 0, 1, 2 });

        var (mean, selective, dead) = RepresentationStructure.ClassSelectivity(a, labels, 3);

        Assert.Equal((1 + 1.0 / 3) / 2, mean, 10);
        Assert.Equal(0.5, selective, 10);
        Assert.Equal(1.0 / 3, dead, 10);
    }

    [Fact]
    public void Effective_Rank_And_Participation_Ratio_Should_Count_Equal_Directions()
    {
        // Centred rows ±e₁, ±e₂ in 3-D: two equal singular values → erank 2, PR 2.
        using var x = tensor(new float[,] { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 } }) + 5;
        Assert.Equal(2.0, RepresentationStructure.EffectiveRank(x), 6);
        Assert.Equal(2.0, RepresentationStructure.ParticipationRatio(x), 6);
        // Singular values 3 and 1: p = (¾, ¼) → erank exp(H) = 4/3^{3/4}; PR = (9 + 1)²/(81 + 1).
        using var y = tensor(new float[,] { { 3, 0 }, { -3, 0 }, { 0, 1 }, { 0, -1 } }) / Math.Sqrt(2);
        Assert.Equal(Math.Exp(-(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25))), RepresentationStructure.EffectiveRank(y), 5);
        Assert.Equal(100.0 / 82, RepresentationStructure.ParticipationRatio(y), 5);
    }

    [Fact]
    public void Fourier_Ipr_Should_Be_One_For_A_Pure_Frequency_And_Low_For_Noise()
    {
        const int p = 31;
        var pure = new float[p, 2];
        for (var j = 0; j < p; j++)
        {
            pure[j, 0] = (float)Math.Cos(2 * Math.PI * 4 * j / p) + 3;  // the constant term is ignored
            pure[j, 1] = (float)Math.Sin(2 * Math.PI * 9 * j / p);
        }
        using var w = tensor(pure);
        Assert.Equal(1.0, RepresentationStructure.FourierIpr(w), 5);
        Assert.Equal(1.0, RepresentationStructure.TopFrequencyPower(w, 2), 5);

        // A unit impulse has equal power at every frequency: IPR = 1 / 15 bins.
        var impulse = new float[p, 1];
        impulse[0, 0] = 1;
        using var spike = tensor(impulse);
        Assert.Equal(1.0 / 15, RepresentationStructure.FourierIpr(spike), 5);
    }

    [Fact]
    public void Top_Unit_Overlap_Should_Be_The_Jaccard_Index_Of_The_Strongest_Units()
    {
        // Strongest two units: {0, 1} on A, {1, 2} on B → |{1}| / |{0, 1, 2}|.
        using var a = tensor(new float[,] { { 5, 4, 0, 1 } });
        using var b = tensor(new float[,] { { 0, 4, 5, 1 } });
        Assert.Equal(1.0 / 3, RepresentationStructure.TopUnitOverlap(a, b, 0.5), 10);
    }
}
