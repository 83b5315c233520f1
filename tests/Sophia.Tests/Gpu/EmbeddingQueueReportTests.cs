using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>With the pool configured the router tells it how many chunks wait, and that none do once they are embedded.</summary>
public sealed class EmbeddingQueueReportTests
{
    private const int Chunks = 192;

    [Fact]
    public async Task The_pool_sees_the_routers_queue_rise_and_empty()
    {
        using var asOperator = OperatorClient.Enter();
        using var data = new TempFolder();
        await using var lambda = await LambdaCloudServer.StartAsync();
        await using var server = await SophiaServer.StartAsync(data.Path, lambda.SophiaSettings(maxInstances: 0));
        var pool = server.Grains.GetGrain<IGpuPoolGrain>("local");
        // Enough chunks to keep the local model busy for seconds, so the rising queue is seen even on a loaded machine.
        var texts = EmbeddingCorpus.Texts(Chunks, sentences: 5, seed: 41);

        var embedding = server.Grains.GetGrain<IEmbeddingRouterGrain>(0).EmbedAsync(texts);
        var seen = await Within.Wait(PoolQueueAsync(pool, depth => depth > 0), "the pool to see chunks queued");
        var vectors = await Within.Wait(embedding, "the local model to embed the chunks (no worker is ready)", TimeSpan.FromMinutes(2));
        await Within.Wait(PoolQueueAsync(pool, depth => depth == 0), "the pool to see the queue emptied");

        Assert.InRange(seen, 1, Chunks);
        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
    }

    private static async Task<long> PoolQueueAsync(IGpuPoolGrain pool, Func<long, bool> condition)
    {
        while (true)
        {
            var depth = (await pool.GetStatusAsync()).QueueDepth;
            if (condition(depth))
            {
                return depth;
            }

            await Task.Delay(20);
        }
    }
}
