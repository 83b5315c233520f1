namespace Sophia.Gpu;

/// <summary>Routes embedding batches to ready GPU workers, falling back to the local model (a stateless worker: key 0).</summary>
[Alias("sophia.IEmbeddingRouterGrain")]
public interface IEmbeddingRouterGrain : IGrainWithIntegerKey
{
    /// <summary>Embeds the texts and returns one vector per text, in input order.</summary>
    [Alias("Embed"), ResponseTimeout("00:05:00")]
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts);

    /// <summary>This silo's routing: queue depth and, per worker and for the local model, chunks, batches, failures and throughput.</summary>
    [Alias("GetStats")]
    Task<EmbeddingRouterStats> GetStatsAsync();
}
