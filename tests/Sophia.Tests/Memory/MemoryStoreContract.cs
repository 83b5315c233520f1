using Sophia.Memory;
using Sophia.Memory.Store;

namespace Sophia.Tests.Memory;

/// <summary>What every L3 <see cref="IMemoryStore"/> must do; run on SQLite and on PostgreSQL.</summary>
public abstract class MemoryStoreContract
{
    protected abstract IMemoryStore Store { get; }

    [Fact]
    public async Task A_document_is_added_once()
    {
        Assert.True(await Store.AddDocumentAsync("acme", "tenant", Document("d1")));
        Assert.False(await Store.AddDocumentAsync("acme", "tenant", Document("d1") with { Name = "renamed" }));

        var stored = await Store.GetDocumentAsync("acme", "tenant", "d1");
        Assert.Equal("handbook.md", stored!.Name);
        Assert.Equal("The whole text.", stored.Text);
    }

    [Fact]
    public async Task Chunks_are_stored_once_and_found_by_their_words()
    {
        await Store.AddDocumentAsync("acme", "tenant", Document("d1"));
        var chunks = new[] { Chunk("c1", "d1", 0, "The quarterly revenue grew by twelve percent."), Chunk("c2", "d1", 1, "Parking is behind the building.") };
        await Store.AddChunksAsync("acme", "tenant", chunks);
        await Store.AddChunksAsync("acme", "tenant", chunks);

        var hits = await Store.SearchKeywordsAsync("acme", ["tenant"], "how did revenue grow?", 10);

        Assert.Equal(2, await Store.CountChunksAsync("acme"));
        Assert.Equal("c1", Assert.Single(hits).ChunkId);
        var passage = Assert.Single(await Store.GetPassagesAsync("acme", [("tenant", "c1")]));
        Assert.Equal(("handbook.md", 0, MemoryKinds.Document), (passage.DocumentName, passage.Chunk.Position, passage.Kind));
    }

    [Fact]
    public async Task Keyword_search_stays_in_the_tenant_and_scopes_asked_for()
    {
        await Store.AddDocumentAsync("acme", "user:ann", Document("d1"));
        await Store.AddChunksAsync("acme", "user:ann", [Chunk("c1", "d1", 0, "Ann's parking spot is number seven.")]);
        await Store.AddDocumentAsync("globex", "user:ann", Document("d1"));
        await Store.AddChunksAsync("globex", "user:ann", [Chunk("c1", "d1", 0, "Globex parking is free.")]);

        Assert.Empty(await Store.SearchKeywordsAsync("acme", ["tenant"], "parking", 10));
        Assert.Single(await Store.SearchKeywordsAsync("acme", ["tenant", "user:ann"], "parking", 10));
        Assert.Empty(await Store.GetPassagesAsync("acme", [("tenant", "c1")]));
    }

    [Fact]
    public async Task Deleting_a_document_takes_its_chunks_along()
    {
        await Store.AddDocumentAsync("acme", "tenant", Document("d1"));
        await Store.AddChunksAsync("acme", "tenant", [Chunk("c1", "d1", 0, "Something to forget.")]);

        Assert.True(await Store.DeleteDocumentAsync("acme", "tenant", "d1"));
        Assert.False(await Store.DeleteDocumentAsync("acme", "tenant", "d1"));

        Assert.Equal(0, await Store.CountChunksAsync("acme"));
        Assert.Empty(await Store.SearchKeywordsAsync("acme", ["tenant"], "forget", 10));
    }

    [Fact]
    public async Task A_document_is_stored_once_every_chunk_is()
    {
        await Store.AddDocumentAsync("acme", "tenant", Document("d1"));
        await Store.AddChunksAsync("acme", "tenant", [Chunk("c1", "d1", 0, "One."), Chunk("c2", "d1", 1, "Two.")]);

        Assert.Single(await Store.ListDocumentsAsync("acme", "tenant", IngestionStates.Ingesting));
        await Store.MarkStoredAsync("acme", "tenant", "d1");

        Assert.Empty(await Store.ListDocumentsAsync("acme", "tenant", IngestionStates.Ingesting));
        var listed = Assert.Single(await Store.ListDocumentsAsync("acme", "tenant"));
        Assert.Equal((IngestionStates.Stored, 2), (listed.State, listed.ChunkCount));
        Assert.Equal(["c1", "c2"], (await Store.StoredChunkIdsAsync("acme", "tenant", "d1")).Order());
    }

    [Fact]
    public async Task Corpus_figures_count_documents_and_chunks_per_scope_and_source_of_one_tenant()
    {
        await Store.AddDocumentAsync("acme", "tenant", Document("d1") with { ChunkCount = 3 });
        await Store.AddDocumentAsync("acme", "tenant", Document("d2") with { ChunkCount = 2, Source = new DocumentSource("https://github.com/acme/app/issues/7", "issue", DateTimeOffset.UnixEpoch) });
        await Store.AddDocumentAsync("acme", "user:ann", Document("f1") with { Kind = MemoryKinds.Fact, ChunkCount = 1 });
        await Store.AddDocumentAsync("acme", "user:bob", Document("d3"));
        await Store.AddDocumentAsync("globex", "tenant", Document("d4"));

        var counts = await Store.CountBySourceAsync("acme", ["tenant", "user:ann"]);

        Assert.Equal(
            [new MemorySourceCount("tenant", "issue", 1, 2), new MemorySourceCount("tenant", "upload", 1, 3), new MemorySourceCount("user:ann", "fact", 1, 1)],
            counts.OrderBy(c => c.Scope, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal));
    }

    protected static MemoryDocument Document(string id) =>
        new(id, "handbook.md", MemoryKinds.Document, "text/markdown", "The whole text.", IngestionStates.Ingesting, 2, DateTimeOffset.UnixEpoch);

    protected static MemoryChunk Chunk(string id, string documentId, int position, string text) => new(id, documentId, position, position * 100, text);
}
