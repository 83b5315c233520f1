namespace Sophia.Gpu;

/// <summary>A region's pool as persisted: every lease with its state, the operator's settings and the last known demand.</summary>
[GenerateSerializer, Alias("sophia.GpuPoolState")]
public sealed class GpuPoolState
{
    [Id(0)] public List<GpuLease> Leases { get; set; } = [];
    [Id(1)] public bool Paused { get; set; }
    [Id(2)] public int? DesiredOverride { get; set; }
    [Id(3)] public long QueueDepth { get; set; }
    [Id(4)] public DateTimeOffset? LastDemandAt { get; set; }
    [Id(5)] public DateTimeOffset? LastReconciledAt { get; set; }
    [Id(6)] public string? LastError { get; set; }
    /// <summary>What leases dropped from the history had cost, so the total spend stays whole.</summary>
    [Id(7)] public decimal RetiredSpentCents { get; set; }
}
