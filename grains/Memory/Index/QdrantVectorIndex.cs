using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Sophia.Memory.Index;

/// <summary>
/// The cluster profile's L2 on Qdrant: one collection (cosine distance, the model's size) shared by all tenants, a UUID
/// point id per chunk (<see cref="PointIds"/>), <c>tenant</c> in every payload and in the filter of every query.
/// </summary>
public sealed class QdrantVectorIndex(QdrantClient client, string collection, int dimensions) : IVectorIndex
{
    private readonly SemaphoreSlim _ready = new(1, 1);
    private bool _created;

    public int Dimensions => dimensions;

    public async Task UpsertAsync(string tenant, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }

        await EnsureCollectionAsync(cancellationToken);
        var points = records.Select(r =>
        {
            if (r.Vector.Length != dimensions)
            {
                throw new ArgumentException($"The index holds {dimensions}-dimensional vectors; this one has {r.Vector.Length}.");
            }

            return new PointStruct
            {
                Id = PointIds.For(tenant, r.Scope, r.ChunkId),
                Vectors = r.Vector.ToArray(),
                Payload =
                {
                    [QdrantFilters.Tenant] = tenant,
                    [QdrantFilters.Scope] = r.Scope,
                    [QdrantFilters.ChunkId] = r.ChunkId,
                    [QdrantFilters.DocumentId] = r.DocumentId,
                },
            };
        }).ToList();
        await client.UpsertAsync(collection, points, wait: true, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(
        string tenant, IReadOnlyList<string> scopes, ReadOnlyMemory<float> query, int limit, string? documentId = null, CancellationToken cancellationToken = default)
    {
        if (scopes.Count == 0 || limit <= 0)
        {
            return [];
        }

        await EnsureCollectionAsync(cancellationToken);
        var points = await client.QueryAsync(collection, query.ToArray(), filter: QdrantFilters.For(tenant, scopes, documentId), limit: (ulong)limit,
            payloadSelector: true, cancellationToken: cancellationToken);
        return points.Select(p => new VectorHit(
            p.Payload[QdrantFilters.Scope].StringValue, p.Payload[QdrantFilters.ChunkId].StringValue, p.Payload[QdrantFilters.DocumentId].StringValue, p.Score)).ToList();
    }

    public async Task DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        await client.DeleteAsync(collection, QdrantFilters.For(tenant, [scope], documentId), wait: true, cancellationToken: cancellationToken);
    }

    public async Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        return (long)await client.CountAsync(collection, QdrantFilters.ForTenant(tenant), exact: true, cancellationToken: cancellationToken);
    }

    private async Task EnsureCollectionAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _ready.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                if (!await client.CollectionExistsAsync(collection, cancellationToken))
                {
                    try
                    {
                        await client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken);
                    }
                    catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
                    {
                        // Another silo created it first.
                    }

                    foreach (var field in new[] { QdrantFilters.Tenant, QdrantFilters.Scope, QdrantFilters.DocumentId })
                    {
                        await client.CreatePayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
                    }
                }

                var info = await client.GetCollectionInfoAsync(collection, cancellationToken);
                var size = info.Config.Params.VectorsConfig.Params.Size;
                if (size != (ulong)dimensions)
                {
                    throw new InvalidOperationException(
                        $"Qdrant collection '{collection}' holds {size}-dimensional vectors but the embedding model makes {dimensions}; use another collection (Sophia:Memory:Qdrant:Collection).");
                }

                _created = true;
            }
        }
        finally
        {
            _ready.Release();
        }
    }
}
