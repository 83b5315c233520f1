using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Sophia.Silo.Hosting;

/// <summary>How a process outside the silos (a gateway, an operator command) joins the cluster as an Orleans client.</summary>
public static class ClusterClientExtensions
{
    /// <summary>Redis membership, the cluster's ids and its mutual TLS, from the same settings the silos read.</summary>
    public static IClientBuilder UseSophiaCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var redis = SophiaProfiles.Required(configuration, "redis");
        var identity = IdentityOf(configuration);
        var tls = ClusterTls.Load(configuration, required: true)!;
        return client
            .UseTls(tls.Certificate, tls.Configure)
            .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (identity.ClusterId, identity.ServiceId))
            .AddActivityPropagation();
    }

    public static ClusterIdentityOptions IdentityOf(IConfiguration configuration) =>
        configuration.GetSection("Sophia:Cluster").Get<ClusterIdentityOptions>() ?? new ClusterIdentityOptions();
}
