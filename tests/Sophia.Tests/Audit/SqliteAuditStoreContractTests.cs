using Microsoft.Data.Sqlite;
using Sophia.Audit;
using Sophia.Storage;

namespace Sophia.Tests.Audit;

public sealed class SqliteAuditStoreContractTests : AuditStoreContract
{
    private readonly TempFolder _data = new();
    private SqliteDatabase _database = null!;

    protected override Task<IAuditStore> OpenAsync()
    {
        _database = SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"));
        return Task.FromResult<IAuditStore>(new SqliteAuditStore(_database));
    }

    protected override Task<int> ExecuteAsApplicationAsync(string tenant, string sql) => _database.ExecuteAsync(sql, CancellationToken.None);

    protected override Task CloseAsync()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
