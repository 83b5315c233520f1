using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Sophia.Agents;
using Sophia.Chat;
using Sophia.Silo.Health;
using Sophia.Storage;

namespace Sophia.Silo.Hosting;

/// <summary>Wires a Sophia silo: the embedded profile keeps everything in one SQLite file under the data folder.</summary>
public static class SophiaSiloExtensions
{
    public const string StorageName = "sophia";

    /// <summary>Hosts one silo in this process with localhost clustering (the embedded profile).</summary>
    public static IHostApplicationBuilder AddSophiaSilo(this IHostApplicationBuilder builder)
    {
        var ports = builder.Configuration.GetSection("Sophia:Silo").Get<SiloPortOptions>() ?? new SiloPortOptions();
        builder.Services.AddSophiaSiloHealthChecks();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(ports.SiloPort, ports.GatewayPort)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("sophia", "sophia"))
            .AddSophiaGrainServices(builder.Configuration));
        return builder;
    }

    /// <summary>Everything Sophia's grains need inside a silo, whatever its clustering.</summary>
    public static ISiloBuilder AddSophiaGrainServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<SqliteOptions>().Bind(configuration.GetSection("Sophia")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatModelOptions>().Bind(configuration.GetSection("Sophia:Llm")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => SqliteDatabase.Open(sp.GetRequiredService<IOptions<SqliteOptions>>().Value.DatabasePath));
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.AddKeyedSingleton<IGrainStorage, SqliteGrainStorage>(StorageName);
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddSingleton<IMessageLog, SqliteMessageLog>();
        services.AddSingleton<ChatModel>();
        services.AddSingleton(TimeProvider.System);
        silo.AddReminders();
        return silo;
    }

    /// <summary>Readiness checks of what the silo depends on.</summary>
    public static IServiceCollection AddSophiaSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SqliteHealthCheck>("sqlite")
            .AddCheck<ChatModelHealthCheck>("chat-model");
        return services;
    }
}
