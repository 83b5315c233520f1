using Orleans.TestingHost;
using Sophia.Memory;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Integrations;

/// <summary>One in-process silo whose tenant memory a provider's sync writes into; each test starts its own local provider.</summary>
public sealed class SyncMemoryFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public IMemoryGrain Memory(string tenant) => Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(tenant, MemoryScopes.Tenant));

    public async Task InitializeAsync() => Cluster = await MemoryClusterFixture.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}
