using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Sophia.Storage;

namespace Sophia.Memory.Index;

/// <summary>
/// The embedded profile's L2: exact search over every vector of the tenant with <see cref="TensorPrimitives"/>, in memory,
/// persisted to the SQLite file and rebuilt from it when the process starts.
/// </summary>
public sealed class EmbeddedVectorIndex(SqliteDatabase database, int dimensions) : IVectorIndex
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS memory_vectors (
            tenant      TEXT NOT NULL,
            scope       TEXT NOT NULL,
            chunk_id    TEXT NOT NULL,
            document_id TEXT NOT NULL,
            vector      BLOB NOT NULL,
            PRIMARY KEY (tenant, scope, chunk_id)) WITHOUT ROWID;
        """;

    private readonly SemaphoreSlim _load = new(1, 1);
    private Dictionary<string, VectorTable>? _tenants;

    public int Dimensions => dimensions;

    public async Task UpsertAsync(string tenant, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            CheckDimensions(record.Vector);
        }

        var tenants = await LoadAsync(cancellationToken);
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = connection.BeginTransaction())
        {
            foreach (var r in records)
            {
                await using var upsert = SqliteDatabase.Command(connection,
                    "INSERT OR REPLACE INTO memory_vectors (tenant, scope, chunk_id, document_id, vector) VALUES ($t, $s, $c, $d, $v)",
                    ("$t", tenant), ("$s", r.Scope), ("$c", r.ChunkId), ("$d", r.DocumentId), ("$v", MemoryMarshal.AsBytes(r.Vector.Span).ToArray()));
                upsert.Transaction = transaction;
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var table = TableOf(tenants, tenant);
        lock (table)
        {
            foreach (var r in records)
            {
                table.Set(r.Scope, r.ChunkId, r.DocumentId, r.Vector.Span);
            }
        }
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(
        string tenant, IReadOnlyList<string> scopes, ReadOnlyMemory<float> query, int limit, string? documentId = null, CancellationToken cancellationToken = default)
    {
        CheckDimensions(query);
        var tenants = await LoadAsync(cancellationToken);
        var table = TableOf(tenants, tenant);
        lock (table)
        {
            return table.Search(scopes, query.Span, limit, documentId);
        }
    }

    public async Task DeleteDocumentAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken = default)
    {
        var tenants = await LoadAsync(cancellationToken);
        await database.ExecuteAsync("DELETE FROM memory_vectors WHERE tenant = $t AND scope = $s AND document_id = $d", cancellationToken,
            ("$t", tenant), ("$s", scope), ("$d", documentId));
        var table = TableOf(tenants, tenant);
        lock (table)
        {
            table.RemoveDocument(scope, documentId);
        }
    }

    public async Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var table = TableOf(await LoadAsync(cancellationToken), tenant);
        lock (table)
        {
            return table.Count;
        }
    }

    private void CheckDimensions(ReadOnlyMemory<float> vector)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"The index holds {dimensions}-dimensional vectors; this one has {vector.Length}.");
        }
    }

    private VectorTable TableOf(Dictionary<string, VectorTable> tenants, string tenant)
    {
        lock (tenants)
        {
            return tenants.TryGetValue(tenant, out var table) ? table : tenants[tenant] = new VectorTable(dimensions);
        }
    }

    // Reads every stored vector once, on first use after start: the rebuild.
    private async Task<Dictionary<string, VectorTable>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_tenants is { } loaded)
        {
            return loaded;
        }

        await _load.WaitAsync(cancellationToken);
        try
        {
            if (_tenants is null)
            {
                await database.ExecuteAsync(Schema, cancellationToken);
                var tenants = new Dictionary<string, VectorTable>(StringComparer.Ordinal);
                await database.QueryAsync("SELECT tenant, scope, chunk_id, document_id, vector FROM memory_vectors", row =>
                {
                    if (!tenants.TryGetValue(row.GetString(0), out var table))
                    {
                        tenants[row.GetString(0)] = table = new VectorTable(dimensions);
                    }

                    table.Set(row.GetString(1), row.GetString(2), row.GetString(3), MemoryMarshal.Cast<byte, float>((byte[])row.GetValue(4)));
                    return 0;
                }, cancellationToken);
                _tenants = tenants;
            }

            return _tenants;
        }
        finally
        {
            _load.Release();
        }
    }
}
