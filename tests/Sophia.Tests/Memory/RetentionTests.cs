using Microsoft.Extensions.Options;
using Sophia.Memory;
using Sophia.Memory.Chunking;
using Sophia.Memory.Embeddings;
using Sophia.Memory.Index;
using Sophia.Memory.Store;
using Sophia.Storage;

namespace Sophia.Tests.Memory;

/// <summary>Per-tenant limits: an ingestion that would pass one is refused whole, saying which setting to change.</summary>
public sealed class RetentionTests(LocalModelFixture fixture) : IClassFixture<LocalModelFixture>, IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task An_ingestion_past_the_tenants_chunk_limit_is_refused_and_stores_nothing()
    {
        var database = SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"));
        var store = new SqliteMemoryStore(database, TimeProvider.System);
        var chunker = new TextChunker(MiniLmModel.Tokenizer, 32, 0);
        var (smallChunks, bigChunks) = (chunker.Split(MemoryCorpus.Filler(42, 4)).Count, chunker.Split(MemoryCorpus.Filler(42, 12)).Count);
        var options = Options.Create(new MemoryOptions { ChunkTokens = 32, ChunkOverlapTokens = 0, MaxChunksPerTenant = smallChunks + bigChunks - 1 });
        var ingestion = new MemoryIngestion(store, new EmbeddedVectorIndex(database, 384), fixture.Model, options);

        var (small, _) = await ingestion.AcceptAsync("acme", MemoryScopes.Tenant, MemoryCorpus.LongDocument("small.txt", 4), Unmetered, CancellationToken.None);
        await ingestion.StepAsync("acme", MemoryScopes.Tenant, [small], CancellationToken.None);
        var refused = await Assert.ThrowsAsync<MemoryLimitException>(() =>
            ingestion.AcceptAsync("acme", MemoryScopes.User("ann"), MemoryCorpus.LongDocument("big.txt", 12), Unmetered, CancellationToken.None));

        Assert.Contains("Sophia:Memory:MaxChunksPerTenant", refused.Message);
        Assert.Empty(await store.ListDocumentsAsync("acme", MemoryScopes.User("ann")));
        await ingestion.AcceptAsync("globex", MemoryScopes.Tenant, MemoryCorpus.LongDocument("big.txt", 12), Unmetered, CancellationToken.None);
    }

    private static Task Unmetered(int chunks) => Task.CompletedTask;

    public void Dispose() => _data.Dispose();
}
