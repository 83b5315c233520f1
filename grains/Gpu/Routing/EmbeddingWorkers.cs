using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sophia.Gpu.Lambda;
using Sophia.Tenancy;

namespace Sophia.Gpu.Routing;

/// <summary>The workers a silo may send batches to (operators' static ones and the region pool's ready ones), with their tallies.</summary>
public sealed class EmbeddingWorkers(
    IOptions<EmbeddingRoutingOptions> routing,
    IOptions<GpuPoolOptions> pool,
    IOptions<LambdaCloudOptions> lambda,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<EmbeddingWorkers> logger)
{
    public const string LocalName = "local";

    private readonly ConcurrentDictionary<string, WorkerTally> _tallies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<string> _poolWorkers = [];
    private DateTimeOffset _poolReadAt = DateTimeOffset.MinValue;

    public WorkerTally Local { get; } = new(LocalName, LocalName, time);

    public bool PoolConfigured => lambda.Value.IsConfigured;

    /// <summary>True when batches may go anywhere but the local model.</summary>
    public bool Enabled => PoolConfigured || routing.Value.WorkerEndpoints.Count > 0;

    /// <summary>The worker with the fewest chunks outstanding that is not failing and was not tried; null: use the local model.</summary>
    public async Task<WorkerTally?> PickAsync(IReadOnlySet<string> tried)
    {
        var now = time.GetUtcNow();
        var candidates = routing.Value.WorkerEndpoints.Select(w => Tally(w, "static"))
            .Concat((await PoolWorkersAsync()).Select(w => Tally(w, "pool")))
            .Where(t => !tried.Contains(t.Worker) && !t.IsFailing(now))
            .ToList();
        return candidates.Count == 0 ? null : candidates.MinBy(t => t.Outstanding);
    }

    public IReadOnlyList<EmbeddingWorkerStats> Snapshot() =>
        [.. _tallies.Values.Select(t => t.Snapshot()).OrderBy(s => s.Worker, StringComparer.Ordinal), Local.Snapshot()];

    private WorkerTally Tally(string endpoint, string source) => _tallies.GetOrAdd(endpoint, e => new WorkerTally(e, source, time));

    private async Task<IReadOnlyList<string>> PoolWorkersAsync()
    {
        if (!PoolConfigured || time.GetUtcNow() - _poolReadAt < TimeSpan.FromSeconds(routing.Value.PoolRefreshSeconds))
        {
            return _poolWorkers;
        }

        await _refresh.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _poolReadAt >= TimeSpan.FromSeconds(routing.Value.PoolRefreshSeconds))
            {
                using var system = CallerContext.EnterSystem();
                var ready = await grains.GetGrain<IGpuPoolGrain>(pool.Value.Region).GetReadyWorkersAsync();
                _poolWorkers = [.. ready.Select(w => EmbeddingRoutingOptions.Normalize(w.Endpoint))];
                _poolReadAt = time.GetUtcNow();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning("The GPU pool of {Region} did not list its ready workers: {Reason}", pool.Value.Region, ex.Message);
            _poolReadAt = time.GetUtcNow();
        }
        finally
        {
            _refresh.Release();
        }

        return _poolWorkers;
    }
}
