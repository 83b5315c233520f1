using Orleans.Concurrency;

namespace Sophia.Gpu.Routing;

/// <summary>Memory grains' door to the silo's <see cref="EmbeddingDispatcher"/>: one activation per caller, all sharing it.</summary>
[StatelessWorker, Reentrant]
public sealed class EmbeddingRouterGrain(EmbeddingDispatcher dispatcher) : Grain, IEmbeddingRouterGrain
{
    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Any(t => t is null)
            ? throw new ArgumentException("Every text to embed must be a string; one was null.", nameof(texts))
            : dispatcher.EmbedAsync(texts);
    }

    public Task<EmbeddingRouterStats> GetStatsAsync() => Task.FromResult(dispatcher.Stats() with { Silo = RuntimeIdentity });
}
