using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Memory.Embeddings;
using Sophia.Silo.Hosting;
using Sophia.Tests.Cluster;

namespace Sophia.Tests.Memory;

/// <summary>In the cluster profile L1 is backed by Redis: an embedding one process made, another finds.</summary>
public sealed class RedisEmbeddingCacheTests(LocalModelFixture fixture) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task An_embedding_cached_by_one_process_is_found_by_another_through_redis()
    {
        var text = $"A sentence only this test run embeds: {Guid.NewGuid()}";
        var clusterId = $"memory-test-{Guid.NewGuid():N}";
        await using var first = ClusterServices(clusterId);
        await using var second = ClusterServices(clusterId);
        var bySecond = new RecordingEmbeddingGenerator(fixture.Model);

        var made = await new HybridCachingEmbeddingGenerator(fixture.Model, first.GetRequiredService<HybridCache>()).GenerateAsync([text], EmbeddingTenant.For("acme"));
        var found = await new HybridCachingEmbeddingGenerator(bySecond, second.GetRequiredService<HybridCache>()).GenerateAsync([text], EmbeddingTenant.For("acme"));

        Assert.Empty(bySecond.Embedded);
        Assert.Equal(made[0].Vector.ToArray(), found[0].Vector.ToArray());
    }

    // A process of its own: its own in-memory cache, the shared Redis behind it.
    private static ServiceProvider ClusterServices(string clusterId)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sophia:Profile"] = "cluster",
            ["Sophia:Cluster:ClusterId"] = clusterId,
            ["ConnectionStrings:redis"] = TestServices.Redis,
            ["ConnectionStrings:postgres"] = TestServices.Postgres,
        }).Build();
        return new ServiceCollection().AddSophiaCache(configuration).BuildServiceProvider();
    }
}
