using Microsoft.Extensions.Configuration;

namespace Sophia.Silo.Hosting;

/// <summary>Which set of backends Sophia runs on (<c>Sophia:Profile</c>): the one place the choice is read.</summary>
public enum SophiaProfile
{
    /// <summary>One process, localhost clustering, SQLite under the data folder.</summary>
    Embedded,

    /// <summary>Silo processes with Redis membership and PostgreSQL state; client-api runs as an Orleans client.</summary>
    Cluster,
}

public static class SophiaProfiles
{
    public static SophiaProfile Of(IConfiguration configuration) => configuration["Sophia:Profile"]?.ToLowerInvariant() switch
    {
        null or "" or "embedded" => SophiaProfile.Embedded,
        "cluster" => SophiaProfile.Cluster,
        var other => throw new SophiaConfigurationException($"Sophia:Profile '{other}' is unknown; use 'embedded' (default) or 'cluster'."),
    };

    /// <summary>A connection string the cluster profile cannot run without.</summary>
    public static string Required(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new SophiaConfigurationException($"The cluster profile needs ConnectionStrings:{name} (environment variable ConnectionStrings__{name}).");
}
