using GrokUnlearn.Analysis;
using GrokUnlearn.Tests.Fixtures;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace GrokUnlearn.Tests.Unit.Analysis;

[Collection(TorchCollection.Name)]
public sealed class LocalComplexityTests(TorchFixture torch)
{
    private readonly TorchFixture _torch = torch;

    [Fact]
    public void Directions_Should_Be_Orthonormal()
    {
        using var g = new Generator(1);
        using var v = LocalComplexity.Directions(10, 4, g);
        var gram = v.matmul(v.t()).data<float>().ToArray();
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
                Assert.Equal(i == j ? 1f : 0f, gram[i * 4 + j], 5);
    }

    [Fact]
    public void One_Layer_Count_Should_Equal_The_Hyperplanes_That_Cross_The_Neighbourhood()
    {
        // Given: 40 random hyperplanes wᵢ·x + bᵢ = 0 in 3-D, and 25 points with a cross-polytope of radius r each.
        using var g = new Generator(2);
        using var layer = nn.Linear(3, 40);
        using (no_grad())
        {
            layer.weight!.copy_(randn([40, 3], generator: g));
            layer.bias!.copy_(randn([40], generator: g));
        }
        using var points = randn([25, 3], generator: g);
        using var directions = LocalComplexity.Directions(3, 3, g);
        const double r = 0.4;

        // When
        var counts = LocalComplexity.CrossedNeurons(LocalComplexity.LinearStack([layer]), points, directions, r).data<long>().ToArray();

        // Then: hyperplane i meets conv{x ± r vₖ} iff |wᵢ·x + bᵢ| < r · maxₖ |wᵢ·vₖ| (the polytope's support function).
        var w = layer.weight!.data<float>().ToArray();
        var b = layer.bias!.data<float>().ToArray();
        var x = points.data<float>().ToArray();
        var v = directions.data<float>().ToArray();
        var total = 0;
        for (var n = 0; n < 25; n++)
        {
            var expected = 0;
            for (var i = 0; i < 40; i++)
            {
                double value = b[i], reach = 0;
                for (var d = 0; d < 3; d++) value += w[i * 3 + d] * x[n * 3 + d];
                for (var k = 0; k < 3; k++)
                {
                    double dot = 0;
                    for (var d = 0; d < 3; d++) dot += w[i * 3 + d] * v[k * 3 + d];
                    reach = Math.Max(reach, Math.Abs(dot) * r);
                }
                if (Math.Abs(value) < reach) expected++;
            }
            Assert.Equal(expected, counts[n]);
            total += expected;
        }
        Assert.InRange(total, 1, 25 * 40 - 1); // the check saw both crossing and non-crossing hyperplanes
    }

    [Fact]
    public void Counts_Should_Grow_With_The_Radius_And_Cover_Every_Layer()
    {
        using var g = new Generator(3);
        using var l1 = nn.Linear(4, 16);
        using var l2 = nn.Linear(16, 5);
        using var points = randn([10, 4], generator: g);
        using var directions = LocalComplexity.Directions(4, 2, g);

        var small = LocalComplexity.CrossedNeurons(LocalComplexity.LinearStack([l1, l2]), points, directions, 1e-4);
        var large = LocalComplexity.CrossedNeurons(LocalComplexity.LinearStack([l1, l2]), points, directions, 10);

        Assert.Equal([10L, 2L], large.shape);
        Assert.True(small.sum().ToInt64() < large.sum().ToInt64());
        Assert.True(large.le(tensor(new long[] { 16, 5 })).all().ToBoolean());
    }
}
