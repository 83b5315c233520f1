using Orleans.Placement;

namespace Sophia.Placement;

/// <summary>Activate a tenant's grain on a live silo of the tenant's home region, anywhere else when none is alive.</summary>
[GenerateSerializer, Immutable, Alias("sophia.HomeRegionPlacement")]
public sealed class HomeRegionPlacement : PlacementStrategy
{
    public static readonly HomeRegionPlacement Instance = new();
}
