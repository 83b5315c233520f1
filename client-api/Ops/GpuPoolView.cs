using Sophia.Gpu;

namespace Sophia.ClientApi.Ops;

/// <summary>The JSON operators get for a pool: states as words, money in US cents.</summary>
public static class GpuPoolView
{
    public static object Of(GpuPoolStatus status) => new
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
    };
}
