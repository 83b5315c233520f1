using Microsoft.AspNetCore.SignalR;
using Orleans.Configuration;
using Orleans.Dashboard;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Silo.Hosting;
using StackExchange.Redis;

namespace Sophia.ClientApi.Hosting;

/// <summary>How the gateway reaches the grains: a co-hosted silo when embedded, an Orleans client of the cluster otherwise.</summary>
public static class SophiaBackendExtensions
{
    public static WebApplicationBuilder AddSophiaBackend(this WebApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSophiaHealthChecks(configuration).AddSophiaCache(configuration);
        if (SophiaProfiles.Of(configuration) == SophiaProfile.Embedded)
        {
            builder.AddSophiaSilo();
            var dataDirectory = Path.GetFullPath(configuration["Sophia:DataDirectory"] ?? "data");
            builder.Services.PostConfigure<AuthOptions>(o => o.KeyFile ??= Path.Combine(dataDirectory, SigningKeyStore.KeyFileName));
            return builder;
        }

        var redis = SophiaProfiles.Required(configuration, "redis");
        var identity = ClusterClientExtensions.IdentityOf(configuration);
        var responseTimeout = TimeSpan.FromSeconds(configuration.GetValue("Sophia:Client:ResponseTimeoutSeconds", 10));
        builder.UseOrleansClient(client => client
            .UseSophiaCluster(configuration)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout)
            .AddClusterConnectionStatusObserver<ClusterConnectionWatch>()
            .AddDashboard(configuration.BindDashboard));
        signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal($"sophia-{identity.ClusterId}"));
        return builder;
    }
}
