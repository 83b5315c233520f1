using Qdrant.Client;
using Sophia.Memory.Index;

namespace Sophia.Tests.Memory;

/// <summary>
/// The vector index contract on a real Qdrant at <c>QDRANT_URL</c> (its gRPC endpoint). tests/run-all.sh leaves this class
/// out, and says so, when the variable is not set.
/// </summary>
[Trait("Category", "Qdrant")]
public sealed class QdrantVectorIndexContractTests : VectorIndexContract, IAsyncLifetime
{
    private readonly QdrantClient _client;
    private readonly string _collection = $"sophia_test_{Guid.NewGuid():N}";

    public QdrantVectorIndexContractTests()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL") is { Length: > 0 } value
            ? new Uri(value)
            : throw new InvalidOperationException("QDRANT_URL is not set: point it at a Qdrant gRPC endpoint (e.g. http://localhost:6334) to run this suite.");
        _client = new QdrantClient(url, Environment.GetEnvironmentVariable("QDRANT_API_KEY"));
        Index = new QdrantVectorIndex(_client, _collection, Size);
    }

    protected override IVectorIndex Index { get; }

    [Fact]
    public async Task The_collection_is_created_with_the_models_size_and_cosine_distance()
    {
        await Index.CountAsync("acme");

        var info = await _client.GetCollectionInfoAsync(_collection);

        Assert.Equal((ulong)Size, info.Config.Params.VectorsConfig.Params.Size);
        Assert.Equal(Qdrant.Client.Grpc.Distance.Cosine, info.Config.Params.VectorsConfig.Params.Distance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (await _client.CollectionExistsAsync(_collection))
        {
            await _client.DeleteCollectionAsync(_collection);
        }

        _client.Dispose();
    }
}
