namespace Sophia.Memory.Index;

/// <summary>One chunk's vector and what identifies it: the tenant and scope it belongs to, its document and id.</summary>
public sealed record VectorRecord(string Scope, string ChunkId, string DocumentId, ReadOnlyMemory<float> Vector);

/// <summary>A vector search result: the chunk and its cosine similarity to the query.</summary>
public sealed record VectorHit(string Scope, string ChunkId, string DocumentId, float Score);

/// <summary>
/// L2: the vector index. Every operation names its tenant and touches only that tenant's vectors. Two implementations
/// (Qdrant in a cluster, the embedded index otherwise) pass the same contract tests.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Size of the vectors the index holds.</summary>
    int Dimensions { get; }

    /// <summary>Adds or replaces vectors; writing the same chunk twice keeps one.</summary>
    Task UpsertAsync(string tenant, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> nearest chunks of the tenant within <paramref name="scopes"/>, best first.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(
        string tenant, IReadOnlyList<string> scopes, ReadOnlyMemory<float> query, int limit, string? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>Removes every vector of one document of a scope.</summary>
    Task DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default);

    /// <summary>How many vectors the tenant has.</summary>
    Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default);
}
