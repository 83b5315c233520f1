using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenAI;
using Qdrant.Client;
using Sophia.Gpu.Routing;
using Sophia.Memory;
using Sophia.Memory.Embeddings;
using Sophia.Memory.Index;
using Sophia.Memory.Store;
using Sophia.Storage;

namespace Sophia.Silo.Hosting;

/// <summary>Layered memory's services for the configured profile: L1 cache, L2 vector index, L3 store and the embedding model.</summary>
public static class SophiaMemoryExtensions
{
    public static IServiceCollection AddSophiaMemory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemoryOptions>().Bind(configuration.GetSection("Sophia:Memory")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration.GetSection("Sophia:Memory:Embeddings")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QdrantOptions>().Bind(configuration.GetSection("Sophia:Memory:Qdrant"));
        services.AddSingleton<LocalMiniLmEmbeddingGenerator>(sp => new LocalMiniLmEmbeddingGenerator(sp.GetRequiredService<IOptions<MemoryOptions>>().Value.EmbeddingBatchSize));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            new HybridCachingEmbeddingGenerator(EmbeddingModel(sp), sp.GetRequiredService<HybridCache>()));
        services.AddSingleton<MemoryIngestion>();
        services.AddSingleton<MemoryRecall>();

        if (SophiaProfiles.Of(configuration) == SophiaProfile.Cluster)
        {
            services.AddSophiaClusterConnections(configuration);
            services.AddSingleton<IMemoryStore>(sp => new PostgresMemoryStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IVectorIndex>(sp =>
            {
                var qdrant = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
                if (!Uri.TryCreate(qdrant.Url, UriKind.Absolute, out var url))
                {
                    throw new InvalidOperationException("The cluster profile keeps memory vectors in Qdrant: set Sophia:Memory:Qdrant:Url (its gRPC endpoint, e.g. http://qdrant:6334).");
                }

                return new QdrantVectorIndex(new QdrantClient(url, qdrant.ApiKey), qdrant.Collection, Dimensions(sp));
            });
        }
        else
        {
            services.AddSingleton<IMemoryStore>(sp => new SqliteMemoryStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IVectorIndex>(sp => new EmbeddedVectorIndex(sp.GetRequiredService<SqliteDatabase>(), Dimensions(sp)));
        }

        return services;
    }

    private static int Dimensions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EmbeddingOptions>>().Value is { UsesEndpoint: true, Dimensions: { } size } ? size : MiniLmModel.Dimensions;

    // An OpenAI-compatible endpoint when configured; otherwise the local model, through the GPU router when it has workers.
    private static IEmbeddingGenerator<string, Embedding<float>> EmbeddingModel(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        if (!options.UsesEndpoint)
        {
            return services.GetService<EmbeddingWorkers>() is { Enabled: true }
                ? new RoutedEmbeddingGenerator(services.GetRequiredService<IGrainFactory>())
                : services.GetRequiredService<LocalMiniLmEmbeddingGenerator>();
        }

        var client = new OpenAI.Embeddings.EmbeddingClient(options.Model!, new ApiKeyCredential(options.ApiKey!), new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!) });
        return client.AsIEmbeddingGenerator(options.Dimensions);
    }
}
