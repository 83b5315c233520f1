using Microsoft.Data.Sqlite;
using Sophia.Storage;

namespace Sophia.Memory.Store;

/// <summary>The embedded profile's L3 in the SQLite file, with FTS5 for keyword search.</summary>
public sealed class SqliteMemoryStore : IMemoryStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS memory_documents (
            tenant       TEXT    NOT NULL,
            scope        TEXT    NOT NULL,
            id           TEXT    NOT NULL,
            name         TEXT    NOT NULL,
            kind         TEXT    NOT NULL,
            content_type TEXT    NOT NULL,
            body         TEXT    NOT NULL,
            state        TEXT    NOT NULL,
            chunk_count  INTEGER NOT NULL,
            created_ms   INTEGER NOT NULL,
            source       TEXT,
            PRIMARY KEY (tenant, scope, id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS memory_chunks (
            tenant      TEXT    NOT NULL,
            scope       TEXT    NOT NULL,
            id          TEXT    NOT NULL,
            document_id TEXT    NOT NULL,
            position    INTEGER NOT NULL,
            start_char  INTEGER NOT NULL,
            body        TEXT    NOT NULL,
            PRIMARY KEY (tenant, scope, id));
        CREATE INDEX IF NOT EXISTS memory_chunks_by_document ON memory_chunks (tenant, scope, document_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS memory_chunks_fts USING fts5(body, content='memory_chunks', content_rowid='rowid', tokenize='porter unicode61');
        CREATE TRIGGER IF NOT EXISTS memory_chunks_fts_insert AFTER INSERT ON memory_chunks BEGIN
            INSERT INTO memory_chunks_fts (rowid, body) VALUES (new.rowid, new.body);
        END;
        CREATE TRIGGER IF NOT EXISTS memory_chunks_fts_delete AFTER DELETE ON memory_chunks BEGIN
            INSERT INTO memory_chunks_fts (memory_chunks_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        END;
        """;

    private const string DocumentColumns = "id, name, kind, content_type, body, state, chunk_count, created_ms, source";

    // Files made before synced documents carried their source get the column.
    private const string AddSource = "ALTER TABLE memory_documents ADD COLUMN source TEXT";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteMemoryStore(SqliteDatabase database, TimeProvider time)
    {
        (_database, _time) = (database, time);
        _database.ExecuteAsync(Schema, CancellationToken.None).GetAwaiter().GetResult();
        if (_database.QueryAsync("SELECT count(*) FROM pragma_table_info('memory_documents') WHERE name = 'source'", r => r.GetInt64(0), CancellationToken.None).GetAwaiter().GetResult()[0] == 0)
        {
            _database.ExecuteAsync(AddSource, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public async Task<bool> AddDocumentAsync(string tenant, string scope, MemoryDocument document, CancellationToken cancellationToken = default) =>
        await _database.ExecuteAsync(
            $"INSERT OR IGNORE INTO memory_documents (tenant, scope, {DocumentColumns}) VALUES ($t, $s, $id, $name, $kind, $type, $body, $state, $count, $at, $source)",
            cancellationToken, ("$t", tenant), ("$s", scope), ("$id", document.Id), ("$name", document.Name), ("$kind", document.Kind),
            ("$type", document.ContentType), ("$body", document.Text), ("$state", document.State), ("$count", document.ChunkCount),
            ("$at", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$source", DocumentSourceColumn.Write(document.Source))) == 1;

    public async Task<MemoryDocument?> GetDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync($"SELECT {DocumentColumns} FROM memory_documents WHERE tenant = $t AND scope = $s AND id = $id", ToDocument,
            cancellationToken, ("$t", tenant), ("$s", scope), ("$id", documentId))).SingleOrDefault();

    public async Task<IReadOnlyList<MemoryDocument>> ListDocumentsAsync(string tenant, string scope, string? state = null, CancellationToken cancellationToken = default) =>
        await _database.QueryAsync(
            $"SELECT {DocumentColumns.Replace("body", "''", StringComparison.Ordinal)} FROM memory_documents WHERE tenant = $t AND scope = $s AND ($state IS NULL OR state = $state) ORDER BY created_ms, id",
            ToDocument, cancellationToken, ("$t", tenant), ("$s", scope), ("$state", state));

    public async Task<IReadOnlySet<string>> StoredChunkIdsAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync("SELECT id FROM memory_chunks WHERE tenant = $t AND scope = $s AND document_id = $d", r => r.GetString(0),
            cancellationToken, ("$t", tenant), ("$s", scope), ("$d", documentId))).ToHashSet(StringComparer.Ordinal);

    public async Task AddChunksAsync(string tenant, string scope, IReadOnlyList<MemoryChunk> chunks, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var c in chunks)
        {
            await using var insert = SqliteDatabase.Command(connection,
                "INSERT OR IGNORE INTO memory_chunks (tenant, scope, id, document_id, position, start_char, body) VALUES ($t, $s, $id, $d, $p, $c, $body)",
                ("$t", tenant), ("$s", scope), ("$id", c.Id), ("$d", c.DocumentId), ("$p", c.Position), ("$c", c.StartChar), ("$body", c.Text));
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task MarkStoredAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default) =>
        _database.ExecuteAsync(
            "UPDATE memory_documents SET state = $state, chunk_count = (SELECT count(*) FROM memory_chunks WHERE tenant = $t AND scope = $s AND document_id = $id) WHERE tenant = $t AND scope = $s AND id = $id",
            cancellationToken, ("$state", IngestionStates.Stored), ("$t", tenant), ("$s", scope), ("$id", documentId));

    public async Task<IReadOnlyList<KeywordHit>> SearchKeywordsAsync(
        string tenant, IReadOnlyList<string> scopes, string query, int limit, string? documentId = null, CancellationToken cancellationToken = default)
    {
        var words = KeywordQuery.Words(query);
        if (words.Count == 0 || scopes.Count == 0)
        {
            return [];
        }

        var parameters = new List<(string, object?)> { ("$q", string.Join(" OR ", words.Select(w => $"\"{w}\""))), ("$t", tenant), ("$d", documentId), ("$limit", limit) };
        parameters.AddRange(scopes.Select((s, i) => ($"$s{i}", (object?)s)));
        return await _database.QueryAsync(
            $"""
            SELECT c.scope, c.id, bm25(memory_chunks_fts) FROM memory_chunks_fts f JOIN memory_chunks c ON c.rowid = f.rowid
            WHERE memory_chunks_fts MATCH $q AND c.tenant = $t AND c.scope IN ({string.Join(", ", scopes.Select((_, i) => $"$s{i}"))})
              AND ($d IS NULL OR c.document_id = $d)
            ORDER BY bm25(memory_chunks_fts) LIMIT $limit
            """,
            r => new KeywordHit(r.GetString(0), r.GetString(1), -r.GetDouble(2)), cancellationToken, [.. parameters]);
    }

    public async Task<IReadOnlyList<StoredPassage>> GetPassagesAsync(string tenant, IReadOnlyList<(string Scope, string ChunkId)> keys, CancellationToken cancellationToken = default)
    {
        var passages = new List<StoredPassage>();
        foreach (var (scope, chunkId) in keys)
        {
            passages.AddRange(await _database.QueryAsync(
                """
                SELECT c.scope, c.id, c.document_id, c.position, c.start_char, c.body, d.name, d.kind, d.source
                FROM memory_chunks c JOIN memory_documents d ON d.tenant = c.tenant AND d.scope = c.scope AND d.id = c.document_id
                WHERE c.tenant = $t AND c.scope = $s AND c.id = $id
                """,
                r => new StoredPassage(r.GetString(0), new MemoryChunk(r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5)), r.GetString(6), r.GetString(7),
                    DocumentSourceColumn.Read(r, 8)),
                cancellationToken, ("$t", tenant), ("$s", scope), ("$id", chunkId)));
        }

        return passages;
    }

    public async Task<bool> DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var chunks = SqliteDatabase.Command(connection, "DELETE FROM memory_chunks WHERE tenant = $t AND scope = $s AND document_id = $id",
            ("$t", tenant), ("$s", scope), ("$id", documentId));
        chunks.Transaction = transaction;
        await chunks.ExecuteNonQueryAsync(cancellationToken);
        await using var document = SqliteDatabase.Command(connection, "DELETE FROM memory_documents WHERE tenant = $t AND scope = $s AND id = $id",
            ("$t", tenant), ("$s", scope), ("$id", documentId));
        document.Transaction = transaction;
        var deleted = await document.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    public async Task<long> CountChunksAsync(string tenant, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync("SELECT count(*) FROM memory_chunks WHERE tenant = $t", r => r.GetInt64(0), cancellationToken, ("$t", tenant)))[0];

    public async Task<IReadOnlyList<MemorySourceCount>> CountBySourceAsync(string tenant, IReadOnlyList<string> scopes, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("$t", tenant) };
        parameters.AddRange(scopes.Select((s, i) => ($"$s{i}", (object?)s)));
        return await _database.QueryAsync(
            $"""
            SELECT scope, CASE WHEN source IS NOT NULL THEN coalesce(json_extract(source, '$.type'), 'synced') WHEN kind = 'fact' THEN 'fact' ELSE 'upload' END AS origin,
                   count(*), coalesce(sum(chunk_count), 0)
            FROM memory_documents WHERE tenant = $t AND scope IN ({string.Join(", ", scopes.Select((_, i) => $"$s{i}"))})
            GROUP BY scope, origin ORDER BY scope, origin
            """,
            r => new MemorySourceCount(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3)), cancellationToken, [.. parameters]);
    }

    private static MemoryDocument ToDocument(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
            DocumentSourceColumn.Read(r, 8));
}
