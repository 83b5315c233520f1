namespace Sophia.Gpu;

/// <summary>Where a leased GPU instance is in its life, from the pool's point of view.</summary>
public enum GpuLeaseState
{
    /// <summary>Recorded before the launch call, so a crash after launching is recovered by the instance's name.</summary>
    Requested = 0,
    /// <summary>The provider accepted the launch and gave an instance id.</summary>
    Launching = 1,
    /// <summary>The instance is booting, or running but its worker does not answer its health check yet.</summary>
    Booting = 2,
    /// <summary>The worker answers its health check: it takes embedding batches.</summary>
    Ready = 3,
    /// <summary>No longer wanted: takes no new batches and is terminated next.</summary>
    Draining = 4,
    /// <summary>Terminate was requested; billing stops when the provider reports it terminated.</summary>
    Terminating = 5,
    /// <summary>Gone, or never launched.</summary>
    Terminated = 6,
}

/// <summary>One leased (or to-be-leased) GPU instance; its name on the provider is derived from <see cref="Id"/>.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GpuLease")]
public sealed record GpuLease(
    string Id,
    GpuLeaseState State,
    string InstanceName,
    string? InstanceId,
    string? ProviderRegion,
    string? Endpoint,
    int PriceCentsPerHour,
    DateTimeOffset RequestedAt,
    DateTimeOffset? LaunchedAt = null,
    DateTimeOffset? ReadyAt = null,
    DateTimeOffset? TerminatedAt = null,
    string? Note = null,
    DateTimeOffset? HealthyAt = null)
{
    /// <summary>True while the instance may exist and bill: every state but <see cref="GpuLeaseState.Terminated"/>.</summary>
    public bool IsLive => State != GpuLeaseState.Terminated;

    /// <summary>What this lease has cost so far: its price for the time from launch to termination (or now).</summary>
    public decimal SpentCents(DateTimeOffset now) => LaunchedAt is { } from
        ? PriceCentsPerHour * (decimal)Math.Max(0, ((TerminatedAt ?? now) - from).TotalHours)
        : 0m;
}

/// <summary>A worker that answers its health check, with the lease it runs on.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GpuWorker")]
public sealed record GpuWorker(string LeaseId, string Endpoint);

/// <summary>What operators see of a region's pool.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GpuPoolStatus")]
public sealed record GpuPoolStatus(
    string Region,
    bool Configured,
    bool Paused,
    int? DesiredOverride,
    int Desired,
    long QueueDepth,
    int MaxInstances,
    int SpendCapCentsPerHour,
    int SpendCentsPerHour,
    decimal SpentCents,
    IReadOnlyList<GpuLease> Leases,
    DateTimeOffset? LastReconciledAt,
    string? LastError);
