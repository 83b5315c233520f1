using Microsoft.Extensions.Options;
using Sophia.Tenancy;

namespace Sophia.Gpu.Routing;

/// <summary>
/// Tells the region's GPU pool how many chunks this silo has not embedded yet, at most every few seconds while work
/// goes on (so a report stays fresh); a queue that fills or empties is always told at once. Does nothing when the pool
/// is off.
/// </summary>
public sealed class PoolQueueReporter(
    EmbeddingWorkers workers, IOptions<GpuPoolOptions> pool, IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time, ILogger<PoolQueueReporter> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _reportedDepth;
    private long _reportedAt;

    public void Report(long depth)
    {
        if (!workers.PoolConfigured)
        {
            return;
        }

        var last = Interlocked.Read(ref _reportedAt);
        // Work starting or ending is told at once: the pool leases on the first and starts its idle timeout on the second.
        var due = last == 0 || time.GetElapsedTime(last) >= Interval || (depth == 0) != (Interlocked.Read(ref _reportedDepth) == 0);
        if (!due || Interlocked.CompareExchange(ref _reportedAt, time.GetTimestamp(), last) != last)
        {
            return;
        }

        Interlocked.Exchange(ref _reportedDepth, depth);
        using var system = CallerContext.EnterSystem();
        _ = grains.GetGrain<IGpuPoolGrain>(pool.Value.Region).ReportQueueDepthAsync(silo.SiloAddress.ToParsableString(), depth).ContinueWith(
            t => logger.LogDebug("Queue depth not reported to the GPU pool: {Reason}", t.Exception?.GetBaseException().Message),
            TaskContinuationOptions.OnlyOnFaulted);
    }
}
