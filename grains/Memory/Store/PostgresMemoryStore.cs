using Npgsql;

namespace Sophia.Memory.Store;

/// <summary>
/// The cluster profile's L3 in PostgreSQL (<c>infra/sql/0008_memory.sql</c>): every statement runs in a <see cref="TenantConnection"/>,
/// as a role that row-level security applies to (<see cref="RowLevelSecurityGuard"/>).
/// </summary>
public sealed class PostgresMemoryStore(NpgsqlDataSource dataSource, TimeProvider time) : IMemoryStore
{
    private readonly RowLevelSecurityGuard _guard = new(dataSource);

    private const string DocumentColumns = "id, name, kind, content_type, body, state, chunk_count, created_at, source";

    public Task<bool> AddDocumentAsync(string tenant, string scope, MemoryDocument document, CancellationToken cancellationToken = default) =>
        InTenantAsync(tenant, async db =>
        {
            await using var insert = db.Command(
                $"INSERT INTO memory_documents (tenant_id, scope, {DocumentColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::json) ON CONFLICT DO NOTHING",
                tenant, scope, document.Id, document.Name, document.Kind, document.ContentType, document.Text, document.State, document.ChunkCount, time.GetUtcNow(),
                DocumentSourceColumn.Write(document.Source));
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public async Task<MemoryDocument?> GetDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(tenant, $"SELECT {DocumentColumns} FROM memory_documents WHERE scope = $1 AND id = $2", ToDocument, cancellationToken, scope, documentId))
        .SingleOrDefault();

    public async Task<IReadOnlyList<MemoryDocument>> ListDocumentsAsync(string tenant, string scope, string? state = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(tenant,
            $"SELECT {DocumentColumns.Replace("body", "''", StringComparison.Ordinal)} FROM memory_documents WHERE scope = $1 AND ($2::text IS NULL OR state = $2) ORDER BY created_at, id",
            ToDocument, cancellationToken, scope, state);

    public async Task<IReadOnlySet<string>> StoredChunkIdsAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(tenant, "SELECT id FROM memory_chunks WHERE scope = $1 AND document_id = $2", r => r.GetString(0), cancellationToken, scope, documentId))
        .ToHashSet(StringComparer.Ordinal);

    public Task AddChunksAsync(string tenant, string scope, IReadOnlyList<MemoryChunk> chunks, CancellationToken cancellationToken = default) =>
        InTenantAsync(tenant, async db =>
        {
            await using var insert = db.Command(
                """
                INSERT INTO memory_chunks (tenant_id, scope, id, document_id, position, start_char, body)
                SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::text[]) ON CONFLICT DO NOTHING
                """,
                tenant, scope, chunks.Select(c => c.Id).ToArray(), chunks.Select(c => c.DocumentId).ToArray(), chunks.Select(c => c.Position).ToArray(),
                chunks.Select(c => c.StartChar).ToArray(), chunks.Select(c => c.Text).ToArray());
            return await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task MarkStoredAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        InTenantAsync(tenant, async db =>
        {
            await using var update = db.Command(
                "UPDATE memory_documents SET state = $3, chunk_count = (SELECT count(*) FROM memory_chunks WHERE scope = $1 AND document_id = $2) WHERE scope = $1 AND id = $2",
                scope, documentId, IngestionStates.Stored);
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<KeywordHit>> SearchKeywordsAsync(
        string tenant, IReadOnlyList<string> scopes, string query, int limit, string? documentId = null, CancellationToken cancellationToken = default)
    {
        var words = KeywordQuery.Words(query);
        if (words.Count == 0 || scopes.Count == 0)
        {
            return [];
        }

        return await QueryAsync(tenant,
            """
            SELECT scope, id, ts_rank_cd(search, q) FROM memory_chunks, websearch_to_tsquery('english', $1) q
            WHERE search @@ q AND scope = ANY($2) AND ($3::text IS NULL OR document_id = $3)
            ORDER BY 3 DESC LIMIT $4
            """,
            r => new KeywordHit(r.GetString(0), r.GetString(1), r.GetFloat(2)), cancellationToken, string.Join(" or ", words), scopes.ToArray(), documentId, limit);
    }

    public async Task<IReadOnlyList<StoredPassage>> GetPassagesAsync(string tenant, IReadOnlyList<(string Scope, string ChunkId)> keys, CancellationToken cancellationToken = default) =>
        keys.Count == 0
            ? []
            : await QueryAsync(tenant,
                """
                SELECT c.scope, c.id, c.document_id, c.position, c.start_char, c.body, d.name, d.kind, d.source::text
                FROM unnest($1::text[], $2::text[]) k(scope, id)
                JOIN memory_chunks c ON c.scope = k.scope AND c.id = k.id
                JOIN memory_documents d ON d.tenant_id = c.tenant_id AND d.scope = c.scope AND d.id = c.document_id
                """,
                r => new StoredPassage(r.GetString(0), new MemoryChunk(r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5)), r.GetString(6), r.GetString(7),
                    DocumentSourceColumn.Read(r, 8)),
                cancellationToken, keys.Select(k => k.Scope).ToArray(), keys.Select(k => k.ChunkId).ToArray());

    public Task<bool> DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        InTenantAsync(tenant, async db =>
        {
            // The foreign key's cascade takes the chunks along.
            await using var delete = db.Command("DELETE FROM memory_documents WHERE scope = $1 AND id = $2", scope, documentId);
            return await delete.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public async Task<long> CountChunksAsync(string tenant, CancellationToken cancellationToken = default) =>
        (await QueryAsync(tenant, "SELECT count(*) FROM memory_chunks", r => r.GetInt64(0), cancellationToken))[0];

    public async Task<IReadOnlyList<MemorySourceCount>> CountBySourceAsync(string tenant, IReadOnlyList<string> scopes, CancellationToken cancellationToken = default) =>
        await QueryAsync(tenant,
            """
            SELECT scope, CASE WHEN source IS NOT NULL THEN coalesce(source->>'type', 'synced') WHEN kind = 'fact' THEN 'fact' ELSE 'upload' END AS origin,
                   count(*)::int, coalesce(sum(chunk_count), 0)::bigint
            FROM memory_documents WHERE scope = ANY($1::text[])
            GROUP BY scope, origin ORDER BY scope, origin
            """,
            r => new MemorySourceCount(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3)), cancellationToken, (object)scopes.ToArray());

    private async Task<T> InTenantAsync<T>(string tenant, Func<TenantConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _guard.EnsureAsync(cancellationToken);
        await using var db = await TenantConnection.OpenAsync(dataSource, tenant, cancellationToken);
        var result = await work(db);
        await db.CommitAsync(cancellationToken);
        return result;
    }

    private Task<List<T>> QueryAsync<T>(string tenant, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters) =>
        InTenantAsync(tenant, async db =>
        {
            await using var command = db.Command(sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }, cancellationToken);

    private static MemoryDocument ToDocument(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetFieldValue<DateTimeOffset>(7),
            DocumentSourceColumn.Read(r, 8));
}
