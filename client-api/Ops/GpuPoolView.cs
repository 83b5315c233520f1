using Sophia.Gpu;

namespace Sophia.ClientApi.Ops;

/// <summary>The JSON operators get for a pool: states as words, money in US cents; with the answering silo's routing when given.</summary>
public static class GpuPoolView
{
    public static object Of(GpuPoolStatus status, EmbeddingRouterStats? routing = null) => new
    {
        status.Region,
        status.Configured,
        status.Paused,
        status.DesiredOverride,
        status.Desired,
        status.QueueDepth,
        status.MaxInstances,
        status.SpendCapCentsPerHour,
        status.SpendCentsPerHour,
        SpentCents = Math.Round(status.SpentCents, 2),
        status.LastReconciledAt,
        status.LastError,
        Leases = status.Leases.Select(l => new
        {
            l.Id,
            State = l.State.ToString().ToLowerInvariant(),
            l.InstanceName,
            l.InstanceId,
            l.ProviderRegion,
            l.Endpoint,
            l.PriceCentsPerHour,
            l.RequestedAt,
            l.LaunchedAt,
            l.ReadyAt,
            l.TerminatedAt,
            l.Note,
        }),
        Routing = routing is null ? null : new
        {
            routing.Silo,
            routing.BatchSize,
            routing.MaxWaitMilliseconds,
            routing.QueueDepth,
            routing.Waiting,
            routing.InFlight,
            routing.Workers,
        },
    };
}
