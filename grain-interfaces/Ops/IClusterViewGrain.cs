namespace Sophia.Ops;

/// <summary>Reads the cluster's membership, silo metadata and activation counts from inside a silo (a stateless worker: key 0).</summary>
[Alias("sophia.IClusterViewGrain")]
public interface IClusterViewGrain : IGrainWithIntegerKey
{
    /// <summary>Every silo the membership table knows (live ones first) and the activations per grain type.</summary>
    [Alias("Get")]
    Task<ClusterView> GetAsync();

    /// <summary>
    /// Drains the active silo named <paramref name="silo"/> (its name or address); refuses the last active one, whose
    /// drain would stop the cluster.
    /// </summary>
    [Alias("Drain")]
    Task<DrainResult> DrainAsync(string silo);
}
