using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Sophia.Memory.Index;

/// <summary>The payload keys of Sophia's Qdrant points and the filters every query carries: always the tenant.</summary>
public static class QdrantFilters
{
    public const string Tenant = "tenant";
    public const string Scope = "scope";
    public const string ChunkId = "chunk_id";
    public const string DocumentId = "document_id";

    /// <summary>The tenant's points, within <paramref name="scopes"/> and, when given, one document.</summary>
    public static Filter For(string tenant, IReadOnlyList<string> scopes, string? documentId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var filter = new Filter { Must = { MatchKeyword(Tenant, tenant), Match(Scope, scopes.ToList()) } };
        if (documentId is not null)
        {
            filter.Must.Add(MatchKeyword(DocumentId, documentId));
        }

        return filter;
    }

    /// <summary>Every point of the tenant.</summary>
    public static Filter ForTenant(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return new Filter { Must = { MatchKeyword(Tenant, tenant) } };
    }
}
