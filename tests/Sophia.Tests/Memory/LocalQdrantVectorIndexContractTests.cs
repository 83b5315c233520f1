using Qdrant.Client;
using Sophia.Memory.Index;

namespace Sophia.Tests.Memory;

/// <summary>The vector index contract on <see cref="QdrantServer"/>, which proves the stand-in that cluster tests use behaves as the contract says.</summary>
public sealed class LocalQdrantVectorIndexContractTests : VectorIndexContract, IAsyncLifetime
{
    private QdrantServer _server = null!;
    private QdrantClient _client = null!;
    private QdrantVectorIndex _index = null!;

    protected override IVectorIndex Index => _index;

    public async Task InitializeAsync()
    {
        _server = await QdrantServer.StartAsync();
        _client = new QdrantClient(new Uri(_server.Url));
        _index = new QdrantVectorIndex(_client, "sophia_memory", Size);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
