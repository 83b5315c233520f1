using Npgsql;
using Sophia.Audit;
using Sophia.Memory.Store;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Audit;

/// <summary>
/// PostgreSQL itself keeps the audit log per tenant and append-only, whatever statement the application's role sends:
/// the role Sophia connects as owns the table, which grants alone could not stop.
/// </summary>
public sealed class PostgresAuditSecurityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private PostgresTestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresAuditStore _store = null!;
    private AuditEntry _acme = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(owned: true);
        _dataSource = _database.CreateDataSource();
        _store = new PostgresAuditStore(_dataSource);
        _acme = AuditRules.Stamp("acme", new AuditRecord("wile", AuditActions.UserRoleChanged, "road-runner", """{"role":"admin"}"""), LongAgo);
        await _store.AppendAsync(_acme);
    }

    [Fact]
    public async Task Another_tenants_hand_written_query_reads_nothing()
    {
        Assert.Equal(0L, await ScalarAsync("globex", "SELECT count(*) FROM audit_entries"));
        Assert.Equal(0L, await ScalarAsync("globex", "SELECT count(*) FROM audit_entries WHERE tenant_id = 'acme'"));
        Assert.Equal(1L, await ScalarAsync("acme", "SELECT count(*) FROM audit_entries"));
    }

    [Fact]
    public async Task A_connection_without_a_tenant_sees_nothing()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM audit_entries");

        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task No_tenant_can_write_an_entry_in_another_tenants_name()
    {
        var forged = _acme with { Id = Guid.CreateVersion7().ToString("N") };

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync("globex",
            $"INSERT INTO audit_entries (id, tenant_id, at, actor, action, outcome) VALUES ('{forged.Id}', 'acme', now(), 'mallory', 'user.created', 'succeeded')"));

        Assert.Contains("row-level security", refused.MessageText);
    }

    [Fact]
    public async Task Truncate_and_a_delete_naming_a_cutoff_too_recent_are_refused()
    {
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync("acme", "TRUNCATE audit_entries"));
        var recent = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync("acme",
            "SELECT set_config('sophia.audit_prune_before', now()::text, true)", "DELETE FROM audit_entries"));
        var prune = await Assert.ThrowsAsync<PostgresException>(() => _store.PruneAsync(DateTimeOffset.UtcNow));

        Assert.Contains("append-only: TRUNCATE is refused", truncate.MessageText);
        Assert.Contains("append-only: DELETE is refused", recent.MessageText);
        Assert.Contains("keeps at least a day", prune.MessageText);
        Assert.Equal(1L, await ScalarAsync("acme", "SELECT count(*) FROM audit_entries"));
    }

    [Fact]
    public async Task The_audit_log_refuses_a_role_that_skips_row_level_security()
    {
        await using var superuser = NpgsqlDataSource.Create(_database.SuperuserConnectionString);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresAuditStore(superuser).QueryAsync("acme", new AuditQuery(10)));

        Assert.Contains("The audit log refuses to run as PostgreSQL role", refused.Message);
        Assert.Contains("another's audit log", refused.Message);
    }

    /// <summary>Runs the statements in one transaction bound to the tenant, as the application's role; returns the last one's first value.</summary>
    private async Task<object?> ScalarAsync(string tenant, params string[] statements)
    {
        await using var db = await TenantConnection.OpenAsync(_dataSource, tenant, CancellationToken.None);
        object? result = null;
        foreach (var sql in statements)
        {
            await using var command = db.Command(sql);
            result = await command.ExecuteScalarAsync();
        }

        await db.CommitAsync(CancellationToken.None);
        return result;
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
