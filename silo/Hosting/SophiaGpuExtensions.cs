using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sophia.Gpu;
using Sophia.Gpu.Lambda;
using Sophia.Gpu.Routing;
using Sophia.Tenancy;

namespace Sophia.Silo.Hosting;

/// <summary>The GPU pool inside a silo: the Lambda Cloud client, the worker health probe, and the pool's start.</summary>
public static class SophiaGpuExtensions
{
    /// <summary>The pool a process works with: <c>Sophia:Gpu:Region</c>, else the silo's region, else <c>local</c>.</summary>
    public static string PoolRegion(IConfiguration configuration) =>
        GpuInstanceNames.Sanitize(configuration["Sophia:Gpu:Region"] ?? configuration["Orleans:Metadata:region"] ?? "local");

    /// <summary>True when the text can name a pool (and so appear in instance names).</summary>
    public static bool IsPoolRegion(string? region) => GpuInstanceNames.IsWellFormedPart(region);

    public static ISiloBuilder AddSophiaGpuPool(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<LambdaCloudOptions>().Bind(configuration.GetSection(LambdaCloudOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GpuPoolOptions>().Bind(configuration.GetSection(GpuPoolOptions.Section))
            .Configure(o =>
            {
                o.Region = PoolRegion(configuration);
                o.ClusterId = GpuInstanceNames.Sanitize(configuration["Sophia:Cluster:ClusterId"] ?? new ClusterIdentityOptions().ClusterId);
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LambdaPacer>();
        services.AddSingleton<GpuWorkerProbe>();
        services.AddHttpClient(GpuWorkerProbe.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSophiaEmbeddingRouting(configuration);
        services.AddHttpClient<LambdaCloudClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<LambdaCloudOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            if (options.IsConfigured)
            {
                // HTTP Basic with the key as user name and no password, as the API documents (curl -u KEY:).
                var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.ApiKey}:"));
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", basic);
            }
        });
        silo.AddStartupTask(async (sp, _) =>
        {
            if (sp.GetRequiredService<IOptions<LambdaCloudOptions>>().Value.IsConfigured)
            {
                var region = sp.GetRequiredService<IOptions<GpuPoolOptions>>().Value.Region;
                using var system = CallerContext.EnterSystem();
                await sp.GetRequiredService<IGrainFactory>().GetGrain<IGpuPoolGrain>(region).EnsureStartedAsync();
            }
        });
        return silo;
    }

    /// <summary>The silo's embedding router: batches go to the pool's ready workers and <c>Sophia:Gpu:Workers</c>, else the local model.</summary>
    public static IServiceCollection AddSophiaEmbeddingRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddingRoutingOptions>().Bind(configuration.GetSection(EmbeddingRoutingOptions.Section))
            .Configure(o => o.Workers = configuration.GetSection(EmbeddingRoutingOptions.WorkersSection).Get<List<string>>() ?? [])
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmbeddingWorkers>();
        services.AddSingleton<EmbeddingWorkerClient>();
        services.AddSingleton<EmbeddingBatchSender>();
        services.AddSingleton<PoolQueueReporter>();
        services.AddSingleton<EmbeddingDispatcher>();
        // Each batch has its own deadline (WorkerTimeoutSeconds); the client's own would cut it short.
        services.AddHttpClient(EmbeddingWorkerClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
