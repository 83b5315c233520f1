namespace Sophia.Silo.Hosting;

/// <summary>Names that keep separate Sophia clusters apart in shared Redis and PostgreSQL (<c>Sophia:Cluster</c>).</summary>
public sealed class ClusterIdentityOptions
{
    public string ClusterId { get; set; } = "sophia";

    public string ServiceId { get; set; } = "sophia";
}
