using Npgsql;
using NpgsqlTypes;
using Sophia.Memory.Store;

namespace Sophia.Audit;

/// <summary>
/// The cluster profile's audit log (<c>infra/sql/0011_audit_log.sql</c>): reads and appends run in a
/// <see cref="TenantConnection"/> under row-level security; the database itself refuses changes, and prunes through
/// <c>sophia_prune_audit</c> only.
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource dataSource) : IAuditStore
{
    private const string Columns = "id, tenant_id, at, actor, action, target, detail::text, outcome, client_address";

    private readonly RowLevelSecurityGuard _guard = new(dataSource, "The audit log", "audit log");

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await _guard.EnsureAsync(cancellationToken);
        await using var db = await TenantConnection.OpenAsync(dataSource, entry.Tenant, cancellationToken);
        await using var insert = db.Command(
            "INSERT INTO audit_entries (id, tenant_id, at, actor, action, target, detail, outcome, client_address) VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8, $9)",
            entry.Id, entry.Tenant, entry.At, entry.Actor, entry.Action, entry.Target, entry.Detail, entry.Outcome, entry.ClientAddress);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(string tenant, AuditQuery query, CancellationToken cancellationToken = default)
    {
        await _guard.EnsureAsync(cancellationToken);
        await using var db = await TenantConnection.OpenAsync(dataSource, tenant, cancellationToken);
        await using var select = db.Command(
            AuditSql.Select(Columns, "tenant_id = $1", "$2::text", "$3::timestamptz", "$4::text", "$5::text", "$6::text", "at", query.Forward) + " LIMIT $7",
            tenant, query.AfterId, query.AfterTime, query.BeforeId, query.Actor, query.Action, query.Limit);
        var entries = new List<AuditEntry>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new AuditEntry(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4),
                    Optional(reader, 5), Optional(reader, 6), reader.GetString(7), Optional(reader, 8)));
            }
        }

        await db.CommitAsync(cancellationToken);
        return entries;
    }

    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var prune = dataSource.CreateCommand("SELECT sophia_prune_audit($1)");
        prune.Parameters.Add(new NpgsqlParameter { Value = before, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return (long)(await prune.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string? Optional(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
