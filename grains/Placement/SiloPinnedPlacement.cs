using Orleans.Placement;

namespace Sophia.Placement;

/// <summary>Activates a grain on the silo whose address (<see cref="SiloAddress.ToParsableString"/>) is its key, or nowhere.</summary>
[GenerateSerializer, Immutable, Alias("sophia.SiloPinnedPlacement")]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static readonly SiloPinnedPlacement Instance = new();
}

/// <summary>Marks a grain class for <see cref="SiloPinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);
