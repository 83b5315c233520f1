namespace Sophia.Memory.Store;

/// <summary>A document or fact as L3 keeps it. <see cref="Text"/> is empty in listings.</summary>
/// <see cref="Source"/> is the provider's record a synced document copies.
public sealed record MemoryDocument(string Id, string Name, string Kind, string ContentType, string Text, string State, int ChunkCount, DateTimeOffset CreatedAt, DocumentSource? Source = null);

/// <summary>A chunk of a document as L3 keeps it.</summary>
public sealed record MemoryChunk(string Id, string DocumentId, int Position, int StartChar, string Text);

/// <summary>A chunk found by a search, with its scope and its document's name and kind.</summary>
public sealed record StoredPassage(string Scope, MemoryChunk Chunk, string DocumentName, string Kind, DocumentSource? Source = null);

/// <summary>A keyword search hit; a higher rank is a better match.</summary>
public sealed record KeywordHit(string Scope, string ChunkId, double Rank);

/// <summary>
/// L3: documents, chunks and facts with their text, and keyword search over the chunks. Every operation names its tenant
/// and sees only that tenant's rows (in PostgreSQL enforced by row-level security).
/// </summary>
public interface IMemoryStore
{
    /// <summary>Adds a document unless the scope already has one with this id; false when it had.</summary>
    Task<bool> AddDocumentAsync(string tenant, string scope, MemoryDocument document, CancellationToken cancellationToken = default);

    Task<MemoryDocument?> GetDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default);

    /// <summary>The scope's documents, oldest first, optionally only those in one state; without their text.</summary>
    Task<IReadOnlyList<MemoryDocument>> ListDocumentsAsync(string tenant, string scope, string? state = null, CancellationToken cancellationToken = default);

    /// <summary>Ids of the chunks of a document already stored.</summary>
    Task<IReadOnlySet<string>> StoredChunkIdsAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default);

    /// <summary>Stores chunks, skipping any already stored.</summary>
    Task AddChunksAsync(string tenant, string scope, IReadOnlyList<MemoryChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Marks a document completely stored.</summary>
    Task MarkStoredAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default);

    /// <summary>The chunks that best match the words of <paramref name="query"/>, best first.</summary>
    Task<IReadOnlyList<KeywordHit>> SearchKeywordsAsync(
        string tenant, IReadOnlyList<string> scopes, string query, int limit, string? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>The stored chunks with these keys, in no particular order; unknown keys are left out.</summary>
    Task<IReadOnlyList<StoredPassage>> GetPassagesAsync(string tenant, IReadOnlyList<(string Scope, string ChunkId)> keys, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document and its chunks; false when there was none.</summary>
    Task<bool> DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default);

    /// <summary>How many chunks the tenant keeps across its scopes.</summary>
    Task<long> CountChunksAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>Documents and chunks of each of these scopes, grouped by source (<see cref="MemorySourceCount"/>); empty groups are left out.</summary>
    Task<IReadOnlyList<MemorySourceCount>> CountBySourceAsync(string tenant, IReadOnlyList<string> scopes, CancellationToken cancellationToken = default);
}
