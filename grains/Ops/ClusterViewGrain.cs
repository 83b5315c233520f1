using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Sophia.Placement;

namespace Sophia.Ops;

/// <summary>
/// Answers the cluster view from inside a silo, where the membership table and the silos' metadata (their region) are
/// known. The embedded profile carries no silo metadata: its one silo takes <c>Orleans:Metadata:region</c>, if set.
/// </summary>
[StatelessWorker]
public sealed class ClusterViewGrain(IServiceProvider services, ILocalSiloDetails local, IConfiguration configuration, TimeProvider time)
    : Grain, IClusterViewGrain
{
    private static readonly TimeSpan RecentlyDead = TimeSpan.FromHours(1);

    private readonly SiloRegionBook? _regions = services.GetService<SiloRegionBook>();

    public async Task<ClusterView> GetAsync()
    {
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetSimpleGrainStatistics(active);
        var perSilo = statistics.GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        // Membership keeps dead silos for days; the view keeps those that died within the last hour.
        var silos = hosts
            .Where(h => h.Status != SiloStatus.Dead || time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)) < RecentlyDead)
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1).ThenBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloView(
                h.SiloName ?? h.HostName ?? h.SiloAddress.ToString(),
                h.SiloAddress.Endpoint.ToString(),
                RegionOf(h.SiloAddress),
                h.Status.ToString().ToLowerInvariant(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                perSilo.GetValueOrDefault(h.SiloAddress),
                h.SiloAddress.ToParsableString()))
            .ToList();
        var types = statistics
            .GroupBy(s => ShortName(s.GrainType))
            .Select(g => new GrainTypeActivations(g.Key, g.Sum(s => s.ActivationCount), g.Select(s => s.SiloAddress).Distinct().Count()))
            .Where(t => t.Activations > 0)
            .OrderByDescending(t => t.Activations).ThenBy(t => t.GrainType, StringComparer.Ordinal)
            .ToList();
        return new ClusterView(time.GetUtcNow(), silos, types);
    }

    public async Task<DrainResult> DrainAsync(string silo)
    {
        var silos = (await GetAsync()).Silos;
        // A name outlives a restart: the same name may also belong to the silo's dead predecessors, so the live one wins.
        var named = silos.Where(s => s.Name == silo || s.Address == silo || s.Id == silo).OrderBy(s => s.Status == "active" ? 0 : 1).FirstOrDefault();
        if (named is null)
        {
            return new DrainResult(DrainOutcome.NotFound, null);
        }

        if (named.Status != "active")
        {
            return new DrainResult(DrainOutcome.NotActive, named);
        }

        if (silos.Count(s => s.Status == "active") == 1)
        {
            return new DrainResult(DrainOutcome.LastActive, named);
        }

        await GrainFactory.GetGrain<ISiloControlGrain>(named.Id).DrainAsync();
        return new DrainResult(DrainOutcome.Draining, named with { Status = "shuttingdown" });
    }

    private string? RegionOf(SiloAddress silo) =>
        _regions is not null ? _regions.RegionOf(silo)
        : silo.Equals(local.SiloAddress) ? configuration[$"Orleans:Metadata:{HomeRegionOptions.MetadataKey}"]
        : null;

    /// <summary>"Sophia.Chat.ConversationGrain,Sophia.Grains" reads as "ConversationGrain"; system types keep their own name.</summary>
    private static string ShortName(string grainType)
    {
        var type = grainType.Split(',')[0];
        var generic = type.IndexOf('`');
        type = generic > 0 ? type[..generic] : type;
        return type[(type.LastIndexOf('.') + 1)..];
    }
}
