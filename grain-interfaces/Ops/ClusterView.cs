namespace Sophia.Ops;

/// <summary>The cluster as operators see it: each silo (with its region from silo metadata) and live activations per grain type.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ClusterView")]
public sealed record ClusterView(DateTimeOffset At, IReadOnlyList<SiloView> Silos, IReadOnlyList<GrainTypeActivations> GrainTypes);

/// <summary>One silo: name, address, region (null when it carries none), membership status, start time and its activation count.</summary>
[GenerateSerializer, Immutable, Alias("sophia.SiloView")]
public sealed record SiloView(string Name, string Address, string? Region, string Status, DateTimeOffset StartedAt, int Activations);

/// <summary>How many activations of one grain type live in the cluster, and on how many silos.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GrainTypeActivations")]
public sealed record GrainTypeActivations(string GrainType, int Activations, int Silos);
