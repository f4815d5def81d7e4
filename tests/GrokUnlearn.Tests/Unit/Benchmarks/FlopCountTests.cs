using GrokUnlearn.Benchmarks;
using GrokUnlearn.Config;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Benchmarks;

public sealed class FlopCountTests
{
    private static readonly IReadOnlyList<BenchmarkWorkload> Workloads =
        BenchmarkWorkload.Load(TestProfiles.RepoRoot());

    private static BenchmarkWorkload W(string id) => Workloads.Single(w => w.Id == id);

    [Fact]
    public void Should_Count_Three_Passes_Of_Every_Layer_When_The_Embedding_Needs_Input_Gradients()
    {
        // 3,764 pairs; 256 → 256 → 97 (two concatenated 128-d embeddings): forward, weight and input gradients.
        double forward = 2.0 * 3764 * (256 * 256 + 256 * 97);
        Assert.Equal(3 * forward, FlopCount.PerStep(W("A")));
    }

    [Fact]
    public void Should_Leave_Out_The_Input_Gradient_Of_The_First_Layer_On_Raw_Images()
    {
        double forward = 2.0 * 128 * (784 * 200 + 200 * 200 + 200 * 10);
        Assert.Equal(3 * forward - 2.0 * 128 * 784 * 200, FlopCount.PerStep(W("B")));
    }

    [Fact]
    public void Should_Count_Convolutions_At_Their_Resolution()
    {
        // 3×32×32 → conv 16 at 32×32 → pool → conv 32 at 16×16 → pool → 32·8·8 features → 10.
        double conv1 = 2.0 * 128 * 32 * 32 * 16 * 3 * 9, conv2 = 2.0 * 128 * 16 * 16 * 32 * 16 * 9, head = 2.0 * 128 * 2048 * 10;
        Assert.Equal(3 * (conv1 + conv2 + head) - conv1, FlopCount.PerStep(W("C")));
        Assert.Equal(2.0 * 2048 * 2048 * 2048, FlopCount.Matmul(2048));
    }

    [Fact]
    public void Should_Count_The_Transformers_Projections_Attention_Products_And_Head()
    {
        // Batch 64 × 32 tokens, d 128, MLP 512, 2 layers, vocabulary 256. Per token and layer: qkv 3·128² + proj 128² +
        // fc 128·512 + down 512·128 = 196,608 multiply-adds; head 128·256 = 32,768 per token. Per sequence and layer:
        // QKᵀ and weights·V, 2 · 32 · 32 · 128 = 262,144. Backward: both gradients of every product (3× forward).
        double perSequence = 32 * (2 * 196_608.0 + 32_768) + 2 * 262_144.0;
        Assert.Equal(3 * 2 * 64 * perSequence, FlopCount.PerStep(W("D")));
    }
}
