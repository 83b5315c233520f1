namespace Sophia.Gpu;

/// <summary>One silo's embedding routing: settings, queue and what each worker (and the local model) did.</summary>
[GenerateSerializer, Immutable, Alias("sophia.EmbeddingRouterStats")]
public sealed record EmbeddingRouterStats(
    string Silo,
    int BatchSize,
    int MaxWaitMilliseconds,
    long Waiting,
    long InFlight,
    IReadOnlyList<EmbeddingWorkerStats> Workers)
{
    /// <summary>Chunks not embedded yet: waiting for a batch plus in flight.</summary>
    public long QueueDepth => Waiting + InFlight;
}

/// <summary>What one embedding target did since the silo started; <see cref="Worker"/> is its base URL, or <c>local</c>.</summary>
[GenerateSerializer, Immutable, Alias("sophia.EmbeddingWorkerStats")]
public sealed record EmbeddingWorkerStats(
    string Worker,
    string Source,
    long Chunks,
    long Batches,
    long Failures,
    long Outstanding,
    double ChunksPerSecond,
    DateTimeOffset? FailingUntil,
    string? LastError);
