using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Memory.Embeddings;

namespace Sophia.Tests.Memory;

/// <summary>The real all-MiniLM-L6-v2 model on ONNX Runtime, shared by the class.</summary>
public sealed class LocalModelFixture : IDisposable
{
    public LocalMiniLmEmbeddingGenerator Model { get; } = new(batchSize: 16);

    public void Dispose() => Model.Dispose();
}

public sealed class LocalModelTests(LocalModelFixture fixture) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task Similar_sentences_score_higher_than_unrelated_ones()
    {
        var vectors = await fixture.Model.GenerateAsync([
            "The cat sits on the mat.",
            "A kitten is resting on the rug.",
            "Quarterly revenue exceeded the analysts' forecast.",
            "How do I reset my password?",
            "I forgot my login credentials and need a new password.",
        ]);

        var similar = Cosine(vectors[0], vectors[1]);
        Assert.True(similar > Cosine(vectors[0], vectors[2]) + 0.2f, $"cat/kitten {similar} vs cat/revenue {Cosine(vectors[0], vectors[2])}");
        Assert.True(Cosine(vectors[3], vectors[4]) > Cosine(vectors[3], vectors[1]) + 0.2f);
        Assert.All(vectors, v => Assert.Equal(MiniLmModel.Dimensions, v.Vector.Length));
        Assert.All(vectors, v => Assert.InRange(TensorPrimitives.Norm(v.Vector.Span), 0.999f, 1.001f));
    }

    [Fact]
    public async Task A_text_embeds_the_same_alone_or_in_a_batch_of_longer_texts()
    {
        var alone = (await fixture.Model.GenerateAsync(["Short text."]))[0];
        var batched = (await fixture.Model.GenerateAsync([MemoryCorpus.Filler(1, 30), "Short text.", "Another, somewhat longer sentence here."]))[1];

        Assert.InRange(Cosine(alone, batched), 0.9999f, 1.0001f);
    }

    [Fact]
    public async Task Embeddings_are_cached_in_l1_by_content_so_a_known_text_is_not_embedded_again()
    {
        var counting = new RecordingEmbeddingGenerator(fixture.Model);
        await using var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        using var cached = new HybridCachingEmbeddingGenerator(counting, services.GetRequiredService<HybridCache>());

        var first = await cached.GenerateAsync(["alpha beta", "gamma delta"], EmbeddingTenant.For("acme"));
        var second = await cached.GenerateAsync(["gamma delta", "epsilon", "alpha beta"], EmbeddingTenant.For("acme"));

        Assert.Equal(["alpha beta", "gamma delta", "epsilon"], counting.Embedded);
        Assert.Equal(first[1].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), second[2].Vector.ToArray());
    }

    [Fact]
    public async Task A_text_one_tenant_embedded_is_embedded_again_for_another_so_the_cache_tells_no_tenant_what_another_has()
    {
        var counting = new RecordingEmbeddingGenerator(fixture.Model);
        await using var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        using var cached = new HybridCachingEmbeddingGenerator(counting, services.GetRequiredService<HybridCache>());

        await cached.GenerateAsync(["the merger closes in May"], EmbeddingTenant.For("acme"));
        await cached.GenerateAsync(["the merger closes in May"], EmbeddingTenant.For("globex"));
        await cached.ForgetAsync("acme", ["the merger closes in May"], CancellationToken.None);
        await cached.GenerateAsync(["the merger closes in May"], EmbeddingTenant.For("globex"));
        await cached.GenerateAsync(["the merger closes in May"], EmbeddingTenant.For("acme"));

        Assert.Equal(["the merger closes in May", "the merger closes in May", "the merger closes in May"], counting.Embedded);
    }

    private static float Cosine(Embedding<float> a, Embedding<float> b) => TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span);
}
