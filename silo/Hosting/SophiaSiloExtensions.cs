using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Sophia.Agents.Tools;
using Sophia.Audit;
using Sophia.Chat;
using Sophia.Ops;
using Sophia.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Sophia.Storage;
using Sophia.Storage.Postgres;
using Sophia.Telemetry;
using Sophia.Tenancy;
using StackExchange.Redis;

namespace Sophia.Silo.Hosting;

/// <summary>Wires a Sophia silo for the configured profile: the one place that picks embedded or cluster backends.</summary>
public static class SophiaSiloExtensions
{
    public const string StorageName = "sophia";

    /// <summary>Hosts a silo in this process: localhost clustering when embedded, Redis membership in a cluster.</summary>
    public static IHostApplicationBuilder AddSophiaSilo(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var profile = SophiaProfiles.Of(configuration);
        var ports = configuration.GetSection("Sophia:Silo").Get<SiloPortOptions>() ?? new SiloPortOptions();
        var identity = configuration.GetSection("Sophia:Cluster").Get<ClusterIdentityOptions>() ?? new ClusterIdentityOptions();
        var kubernetes = KubernetesHosting.IsRequested(configuration, profile);
        var tls = ClusterTls.Load(configuration, required: profile == SophiaProfile.Cluster);
        if (profile == SophiaProfile.Cluster)
        {
            // Registered before the silo, so the line comes before the silo's own start-up lines.
            builder.Services.AddHostedService<AdvertisedEndpointLog>();
        }
        else
        {
            // Checked with the other settings before anything starts, so a second Sophia on the folder is one line, not a stack trace.
            var dataDirectory = Path.GetFullPath(configuration["Sophia:DataDirectory"] ?? "data");
            builder.Services.AddSingleton(_ => new DataFolderGuard(dataDirectory));
            builder.Services.AddOptions<SqliteOptions>().Validate<DataFolderGuard>((_, guard) => guard.Held,
                $"Another Sophia is running on the data folder {dataDirectory} (it holds {DataFolderLock.FileName}); stop it, or set Sophia:DataDirectory to another folder.")
                .ValidateOnStart();
        }

        builder.UseOrleans(silo =>
        {
            if (profile == SophiaProfile.Cluster)
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(SophiaProfiles.Required(configuration, "redis")))
                    .Configure<EndpointOptions>(o =>
                    {
                        o.SiloPort = ports.SiloPort;
                        o.GatewayPort = ports.GatewayPort;
                        // Left unset, Orleans advertises this host's first non-loopback IPv4 address (loopback when it has none).
                        if (!string.IsNullOrEmpty(ports.AdvertisedIp))
                        {
                            o.AdvertisedIPAddress = IPAddress.Parse(ports.AdvertisedIp);
                        }

                        o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, ports.SiloPort);
                        o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, ports.GatewayPort);
                    })
                    .Configure<SiloOptions>(o => o.SiloName = string.IsNullOrEmpty(ports.Name) ? o.SiloName : ports.Name)
                    .Configure<ClusterMembershipOptions>(FailureDetection.Configure)
                    .UseSiloMetadata()
                    .AddHomeRegionPlacement(configuration);
                if (kubernetes)
                {
                    // Its endpoint settings come after Sophia's (a post-configure): the pod's IP is advertised unless AdvertisedIp says otherwise.
                    silo.UseKubernetesHosting();
                }
            }
            else
            {
                silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort);
            }

            if (tls is not null)
            {
                silo.UseTls(tls.Certificate, tls.Configure);
            }

            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (identity.ClusterId, identity.ServiceId))
                .AddActivityPropagation()
                .AddDashboard(configuration.BindDashboard)
                .AddSophiaGrainServices(configuration);
        });
        return builder;
    }

    /// <summary>The Orleans dashboard's settings (<c>Sophia:Dashboard</c>), the same on silos and gateways.</summary>
    public static void BindDashboard(this IConfiguration configuration, DashboardOptions options) => configuration.GetSection("Sophia:Dashboard").Bind(options);

    /// <summary>Makes home-region placement the default for Sophia's grains.</summary>
    public static ISiloBuilder AddHomeRegionPlacement(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddSingleton<SiloRegionBook>().AddHostedService(sp => sp.GetRequiredService<SiloRegionBook>());
        silo.Services.AddOptions<HomeRegionOptions>().Bind(configuration.GetSection("Sophia:Regions"));
        silo.Services.AddPlacementDirector<HomeRegionPlacement, HomeRegionPlacementDirector>();
        silo.Services.AddSingleton<PlacementStrategy>(HomeRegionPlacement.Instance);
        return silo;
    }

    /// <summary>Everything Sophia's grains need inside a silo, whatever its clustering.</summary>
    public static ISiloBuilder AddSophiaGrainServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        silo.AddIncomingGrainCallFilter<TenantWall>();
        services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        services.AddSophiaChatModel(configuration);
        services.AddSophiaCache(configuration);
        services.AddSophiaMemory(configuration);
        services.AddSophiaAudit(configuration);
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection("Sophia:Tools"));
        services.AddGuardedHttp(configuration);
        services.AddSophiaIntegrations(configuration);
        services.AddSophiaAutomation(configuration);
        silo.AddSophiaGpuPool(configuration);
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OpenTurnRegistry>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<OpenTurnRegistry>());
        services.AddSingleton<SiloGauges>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloGauges>());
        if (SophiaProfiles.Of(configuration) == SophiaProfile.Cluster)
        {
            var postgres = SophiaProfiles.Required(configuration, "postgres");
            silo.AddAdoNetGrainStorage(StorageName, o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres));
            services.AddSophiaClusterConnections(configuration);
            services.AddSingleton<IMessageLog, PostgresMessageLog>();
            services.AddSingleton<IAuditStore, PostgresAuditStore>();
            return silo;
        }

        services.AddOptions<SqliteOptions>().Bind(configuration.GetSection("Sophia")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => SqliteDatabase.Open(sp.GetRequiredService<IOptions<SqliteOptions>>().Value.DatabasePath));
        services.AddKeyedSingleton<IGrainStorage, SqliteGrainStorage>(StorageName);
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddSingleton<IMessageLog, SqliteMessageLog>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        silo.AddReminders();
        return silo;
    }
}
