using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Grains;

/// <summary>One in-process silo with Sophia's embedded storage in a temporary data folder, shared by a collection.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sophia:DataDirectory"] = _data.Path })
            .Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureSilo(silo);
            silo.AddSophiaGrainServices(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Services a derived fixture puts in place before Sophia's own (which only add what is missing).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
