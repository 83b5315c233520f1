using Microsoft.Extensions.AI;
using Sophia.Memory.Embeddings;
using Sophia.Memory.Index;
using Sophia.Memory.Store;

namespace Sophia.Memory;

/// <summary>
/// Hybrid retrieval: vector search in L2 and keyword search in L3, fused by reciprocal rank, then the passages' text and
/// source read from L3.
/// </summary>
public sealed class MemoryRecall(IMemoryStore store, IVectorIndex index, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    public const int MaxTopK = 50;

    // The usual constant of reciprocal rank fusion: damps the weight of the very first ranks.
    private const double FusionK = 60;

    public async Task<IReadOnlyList<Passage>> RecallAsync(string tenant, IReadOnlyList<string> scopes, RecallQuery query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query.Text) || query.Text.Length > 4000)
        {
            throw new ArgumentException("A recall needs a query text of 1 to 4000 characters.");
        }

        if (query.TopK is < 1 or > MaxTopK)
        {
            throw new ArgumentException($"topK must be between 1 and {MaxTopK}; it was {query.TopK}.");
        }

        var candidates = query.TopK * 4;
        var vector = (await embeddings.GenerateAsync([query.Text], EmbeddingTenant.For(tenant), cancellationToken))[0].Vector;
        var byVector = await index.SearchAsync(tenant, scopes, vector, candidates, query.DocumentId, cancellationToken);
        var byKeyword = await store.SearchKeywordsAsync(tenant, scopes, query.Text, candidates, query.DocumentId, cancellationToken);

        var fused = new Dictionary<(string Scope, string ChunkId), double>();
        foreach (var (key, rank) in byVector.Select((h, i) => ((h.Scope, h.ChunkId), i)).Concat(byKeyword.Select((h, i) => ((h.Scope, h.ChunkId), i))))
        {
            fused[key] = fused.GetValueOrDefault(key) + (1 / (FusionK + rank + 1));
        }

        var top = fused.OrderByDescending(f => f.Value).Take(query.TopK).ToList();
        var passages = (await store.GetPassagesAsync(tenant, top.Select(t => t.Key).ToList(), cancellationToken))
            .ToDictionary(p => (p.Scope, p.Chunk.Id));
        return top.Where(t => passages.ContainsKey(t.Key)).Select(t =>
        {
            var p = passages[t.Key];
            return new Passage(p.Chunk.DocumentId, p.DocumentName, p.Chunk.Id, p.Chunk.Position, p.Chunk.StartChar, p.Chunk.Text, t.Value, p.Scope, p.Kind, p.Source);
        }).ToList();
    }
}
