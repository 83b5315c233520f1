using Microsoft.Extensions.Options;
using Sophia.Tenancy;

namespace Sophia.Gpu.Routing;

/// <summary>
/// Tells the region's GPU pool how many chunks wait on this silo: at once when work starts or ends, otherwise at most
/// every few seconds. Reports go one at a time, newest depth first, so the pool never keeps an older depth than the last.
/// </summary>
public sealed class PoolQueueReporter(
    EmbeddingWorkers workers, IOptions<GpuPoolOptions> pool, IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time, ILogger<PoolQueueReporter> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _latestDepth;
    private int _sending;
    private long _reportedDepth = -1;
    private long _reportedAt;

    public void Report(long depth)
    {
        if (!workers.PoolConfigured)
        {
            return;
        }

        Interlocked.Exchange(ref _latestDepth, depth);
        StartSending();
    }

    private void StartSending()
    {
        if (IsDue(Interlocked.Read(ref _latestDepth)) && Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            // Off any grain's scheduler: a router busy with a long call would hold the loop's continuations back.
            _ = Task.Run(SendAsync);
        }
    }

    private bool IsDue(long depth)
    {
        var reported = Interlocked.Read(ref _reportedDepth);
        // Work starting or ending is told at once: the pool leases on the first and starts its idle timeout on the second.
        return reported < 0 || (depth == 0) != (reported == 0) || (depth != reported && time.GetElapsedTime(Interlocked.Read(ref _reportedAt)) >= Interval);
    }

    private async Task SendAsync()
    {
        try
        {
            while (Interlocked.Read(ref _latestDepth) is var depth && IsDue(depth))
            {
                Interlocked.Exchange(ref _reportedDepth, depth);
                Interlocked.Exchange(ref _reportedAt, time.GetTimestamp());
                try
                {
                    using var system = CallerContext.EnterSystem();
                    await grains.GetGrain<IGpuPoolGrain>(pool.Value.Region).ReportQueueDepthAsync(silo.SiloAddress.ToParsableString(), depth);
                }
                catch (Exception ex)
                {
                    logger.LogDebug("Queue depth not reported to the GPU pool: {Reason}", ex.GetBaseException().Message);
                    break;
                }
            }
        }
        finally
        {
            Interlocked.Exchange(ref _sending, 0);
        }

        // A depth that arrived just as the loop ended would otherwise wait for the next report.
        StartSending();
    }
}
