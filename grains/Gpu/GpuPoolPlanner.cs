namespace Sophia.Gpu;

/// <summary>The pool's arithmetic: how many instances are wanted and which of the current ones to keep.</summary>
public static class GpuPoolPlanner
{
    /// <summary>
    /// The operator's count when set; otherwise enough instances for the queue, and no fewer than are running until
    /// the queue has been empty for the idle timeout. Never more than the maximum.
    /// </summary>
    public static int Desired(GpuPoolState state, GpuPoolOptions options, int running, DateTimeOffset now)
    {
        if (state.DesiredOverride is { } count)
        {
            return Math.Min(count, options.MaxInstances);
        }

        var forQueue = (state.QueueDepth + options.ChunksPerInstance - 1) / options.ChunksPerInstance;
        var busyLately = state.QueueDepth > 0 || (state.LastDemandAt is { } at && now - at < options.IdleTimeout);
        return (int)Math.Min(options.MaxInstances, Math.Max(forQueue, busyLately ? running : 0));
    }

    /// <summary>Keeps the most advanced leases (ready first) up to the desired count and within the spend cap.</summary>
    public static (List<GpuLease> Keep, List<GpuLease> Release) Choose(IEnumerable<GpuLease> wanted, int desired, int capCentsPerHour)
    {
        var keep = new List<GpuLease>();
        var release = new List<GpuLease>();
        var spend = 0;
        foreach (var lease in wanted.OrderBy(Rank).ThenBy(l => l.RequestedAt))
        {
            if (keep.Count < desired && spend + lease.PriceCentsPerHour <= capCentsPerHour)
            {
                keep.Add(lease);
                spend += lease.PriceCentsPerHour;
            }
            else
            {
                release.Add(lease);
            }
        }

        return (keep, release);
    }

    private static int Rank(GpuLease lease) => lease.State switch
    {
        GpuLeaseState.Ready => 0,
        GpuLeaseState.Booting => 1,
        GpuLeaseState.Launching => 2,
        _ => 3,
    };
}
