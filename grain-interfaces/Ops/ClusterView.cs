namespace Sophia.Ops;

/// <summary>The cluster as operators see it: each silo (with its region from silo metadata) and live activations per grain type.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ClusterView")]
public sealed record ClusterView(DateTimeOffset At, IReadOnlyList<SiloView> Silos, IReadOnlyList<GrainTypeActivations> GrainTypes)
{
    /// <summary>Each region (by name; silos without one under "") with its active silos and every silo it lists.</summary>
    public IEnumerable<RegionView> Regions() => Silos
        .GroupBy(s => s.Region ?? "")
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new RegionView(g.Key, g.Count(s => s.Status == "active"), [.. g]));
}

/// <summary>One region: how many of its silos are active, and all of them.</summary>
public sealed record RegionView(string Region, int Active, IReadOnlyList<SiloView> Silos);

/// <summary>
/// One silo: name, address, region (null when it carries none), membership status, start time, its activation count and
/// its id (the address with its generation, which tells a restarted silo from its predecessor).
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.SiloView")]
public sealed record SiloView(string Name, string Address, string? Region, string Status, DateTimeOffset StartedAt, int Activations, string Id);

/// <summary>How many activations of one grain type live in the cluster, and on how many silos.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GrainTypeActivations")]
public sealed record GrainTypeActivations(string GrainType, int Activations, int Silos);
