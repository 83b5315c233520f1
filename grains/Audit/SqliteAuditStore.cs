using Microsoft.Data.Sqlite;
using Sophia.Storage;

namespace Sophia.Audit;

/// <summary>The embedded profile's audit log in the SQLite file; triggers refuse every change but retention's.</summary>
public sealed class SqliteAuditStore : IAuditStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_entries (
            tenant         TEXT    NOT NULL,
            id             TEXT    NOT NULL,
            at_ms          INTEGER NOT NULL,
            actor          TEXT    NOT NULL,
            action         TEXT    NOT NULL,
            target         TEXT,
            detail         TEXT,
            outcome        TEXT    NOT NULL,
            client_address TEXT,
            PRIMARY KEY (tenant, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS audit_entries_by_time ON audit_entries (at_ms);
        CREATE TABLE IF NOT EXISTS audit_prune_cutoff (before_ms INTEGER NOT NULL);
        CREATE TRIGGER IF NOT EXISTS audit_entries_refuse_update BEFORE UPDATE ON audit_entries BEGIN
            SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE is refused');
        END;
        -- Retention alone deletes: it writes its cutoff into audit_prune_cutoff for the length of its own transaction.
        CREATE TRIGGER IF NOT EXISTS audit_entries_refuse_delete BEFORE DELETE ON audit_entries
        WHEN NOT EXISTS (SELECT 1 FROM audit_prune_cutoff WHERE old.at_ms < before_ms) BEGIN
            SELECT RAISE(ABORT, 'audit entries are append-only: DELETE is refused');
        END;
        """;

    private const string Columns = "id, tenant, at_ms, actor, action, target, detail, outcome, client_address";

    private readonly SqliteDatabase _database;

    public SqliteAuditStore(SqliteDatabase database)
    {
        _database = database;
        _database.ExecuteAsync(Schema, CancellationToken.None).GetAwaiter().GetResult();
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        _database.ExecuteAsync(
            $"INSERT INTO audit_entries ({Columns}) VALUES ($id, $t, $at, $actor, $action, $target, $detail, $outcome, $address)",
            cancellationToken, ("$id", entry.Id), ("$t", entry.Tenant), ("$at", entry.At.ToUnixTimeMilliseconds()), ("$actor", entry.Actor),
            ("$action", entry.Action), ("$target", entry.Target), ("$detail", entry.Detail), ("$outcome", entry.Outcome), ("$address", entry.ClientAddress));

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(string tenant, AuditQuery query, CancellationToken cancellationToken = default) =>
        await _database.QueryAsync(
            AuditSql.Select(Columns, "tenant = $t", "$after", "$after_ms", "$before", "$actor", "$action", "at_ms", query.Forward) + " LIMIT $limit",
            ToEntry, cancellationToken, ("$t", tenant), ("$after", query.AfterId), ("$after_ms", query.AfterTime?.ToUnixTimeMilliseconds()),
            ("$before", query.BeforeId), ("$actor", query.Actor), ("$action", query.Action), ("$limit", query.Limit));

    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var cutoff = ("$before", (object?)before.ToUnixTimeMilliseconds());
        await Run("INSERT INTO audit_prune_cutoff (before_ms) VALUES ($before)", cutoff);
        var pruned = await Run("DELETE FROM audit_entries WHERE at_ms < $before", cutoff);
        await Run("DELETE FROM audit_prune_cutoff");
        await transaction.CommitAsync(cancellationToken);
        return pruned;

        async Task<int> Run(string sql, params (string, object?)[] parameters)
        {
            await using var command = SqliteDatabase.Command(connection, sql, parameters);
            command.Transaction = transaction;
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static AuditEntry ToEntry(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8));
}
