using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Sophia.Placement;

namespace Sophia.Ops;

/// <summary>
/// Remembers each live silo's region: silo metadata is dropped with a dead silo, and the cluster view still names the
/// region of a silo that died. Looks every few seconds, so a silo that lived only moments may stay without one.
/// </summary>
public sealed class SiloRegionBook(ISiloMetadataCache metadata, IClusterMembershipService membership) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SiloAddress, string> _regions = new();

    public string? RegionOf(SiloAddress silo) => Read(silo) ?? _regions.GetValueOrDefault(silo);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
            {
                Read(member.SiloAddress);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private string? Read(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(HomeRegionOptions.MetadataKey, out var region) ? _regions[silo] = region : null;
}
