using Orleans.Runtime.Placement;

namespace Sophia.Placement;

/// <summary>Places on the silo the key names; refuses when that silo is not one of the live, compatible ones.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is null
            ? throw new OrleansException($"Silo {key} is not an active silo of this cluster.")
            : Task.FromResult(silo);
    }
}
