using Npgsql;
using Sophia.Audit;
using Sophia.Memory.Store;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Audit;

/// <summary>The contract against PostgreSQL, connected as a plain role that owns its database, as on a managed server.</summary>
public sealed class PostgresAuditStoreContractTests : AuditStoreContract
{
    private PostgresTestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    protected override async Task<IAuditStore> OpenAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(owned: true);
        _dataSource = _database.CreateDataSource();
        return new PostgresAuditStore(_dataSource);
    }

    protected override async Task<int> ExecuteAsApplicationAsync(string tenant, string sql)
    {
        await using var db = await TenantConnection.OpenAsync(_dataSource, tenant, CancellationToken.None);
        await using var command = db.Command(sql);
        var changed = await command.ExecuteNonQueryAsync();
        await db.CommitAsync(CancellationToken.None);
        return changed;
    }

    protected override async Task CloseAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
