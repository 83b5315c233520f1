using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Sophia.Placement;

/// <summary>
/// Places by the grain key's tenant and each silo's <c>region</c> metadata. The built-in metadata filters match the
/// calling silo, which for a gateway call is whichever silo the client reached, so they cannot do this on their own.
/// </summary>
public sealed class HomeRegionPlacementDirector(ISiloMetadataCache metadata, IOptionsMonitor<HomeRegionOptions> options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var home = TenantOf(target.GrainIdentity) is { } tenant ? options.CurrentValue.HomeOf(tenant) : null;
        var inHome = home is null ? [] : silos.Where(s => RegionOf(s) == home).ToArray();
        var candidates = inHome.Length > 0 ? inHome : silos;
        return Task.FromResult(candidates[Random.Shared.Next(candidates.Length)]);
    }

    private string? RegionOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(HomeRegionOptions.MetadataKey, out var region) ? region : null;

    private static string? TenantOf(GrainId grain)
    {
        var key = grain.Key.ToString();
        var slash = key?.IndexOf('/') ?? -1;
        return slash > 0 ? key![..slash] : null;
    }
}
