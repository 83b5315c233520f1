using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sophia.Memory;
using Sophia.Memory.Index;
using Sophia.Memory.Store;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Memory;

/// <summary>
/// In-process silos with the embedded profile's memory (SQLite, embedded index, the real local model) on a data folder
/// that outlives a silo, with small chunks so the tests' corpora stay fast on two cores.
/// </summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Sophia:Memory:ChunkTokens"] = "64",
        ["Sophia:Memory:ChunkOverlapTokens"] = "12",
        ["Sophia:Memory:EmbeddingBatchSize"] = "8",
    };

    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string DataDirectory => _data.Path;

    public IVectorIndex Index => Services.GetRequiredService<IVectorIndex>();

    public IMemoryStore Store => Services.GetRequiredService<IMemoryStore>();

    private IServiceProvider Services => Cluster.Silos[0].SiloHost.Services;

    public async Task InitializeAsync() => Cluster = await StartAsync(_data.Path);

    /// <summary>A one-silo cluster over <paramref name="dataDirectory"/>.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Sophia:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) => silo.AddSophiaGrainServices(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "memory-cluster";
}
