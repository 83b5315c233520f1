using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Sophia.Agents;
using Sophia.Silo.Health;
using Sophia.Storage;
using StackExchange.Redis;

namespace Sophia.Silo.Hosting;

/// <summary>Services shared by silos and gateways: the chat model, cluster connections and readiness checks.</summary>
public static class SophiaServiceExtensions
{
    public static IServiceCollection AddSophiaChatModel(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ChatModel)))
        {
            return services;
        }

        services.AddOptions<ChatModelOptions>().Bind(configuration.GetSection("Sophia:Llm")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChatModel>();
        services.AddHttpClient(ChatModel.ProbeClientName, ConfigureModelClient);
        services.AddHttpClient(ChatModel.HttpClientName, ConfigureModelClient).AddResilienceHandler("chat-model", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ChatModelOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        });
        return services;
    }

    private static void ConfigureModelClient(IServiceProvider services, HttpClient http)
    {
        var options = services.GetRequiredService<IOptions<ChatModelOptions>>().Value;
        http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        foreach (var (name, value) in options.Headers)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>The cluster profile's PostgreSQL and Redis connections, one of each per process.</summary>
    public static IServiceCollection AddSophiaClusterConnections(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = SophiaProfiles.Required(configuration, "postgres");
        var redis = ConfigurationOptions.Parse(SophiaProfiles.Required(configuration, "redis"));
        // Keep retrying in the background while Redis is down, so the process starts and reports it instead of crashing.
        redis.AbortOnConnectFail = false;
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        return services;
    }

    /// <summary>
    /// The L1 cache (<see cref="Microsoft.Extensions.Caching.Hybrid.HybridCache"/>): in-process when embedded; in a
    /// cluster also backed by Redis, so what one process cached the others find.
    /// </summary>
    public static IServiceCollection AddSophiaCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHybridCache();
        if (SophiaProfiles.Of(configuration) == SophiaProfile.Cluster && services.All(d => d.ServiceType != typeof(IDistributedCache)))
        {
            services.AddSophiaClusterConnections(configuration);
            var clusterId = configuration["Sophia:Cluster:ClusterId"] ?? new ClusterIdentityOptions().ClusterId;
            services.AddStackExchangeRedisCache(o => o.InstanceName = $"sophia:{clusterId}:");
            services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((o, redis) => o.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        }

        return services;
    }

    /// <summary>The readiness checks of everything this process depends on, for the configured profile.</summary>
    public static IServiceCollection AddSophiaHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSophiaChatModel(configuration);
        services.AddSingleton<IHealthCheckPublisher, HealthGauges>();
        services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period) = (TimeSpan.FromSeconds(1), HealthGauges.PublishPeriod));
        var checks = services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("orleans")
            .AddCheck<ChatModelHealthCheck>("chat-model");
        if (SophiaProfiles.Of(configuration) == SophiaProfile.Cluster)
        {
            services.AddSophiaClusterConnections(configuration);
            checks.AddCheck<RedisHealthCheck>("redis").AddCheck<PostgresHealthCheck>("postgres");
        }
        else
        {
            checks.AddCheck<SqliteHealthCheck>("sqlite");
        }

        return services;
    }
}
