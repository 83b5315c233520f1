using Npgsql;
using Sophia.Memory.Store;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Memory;

public sealed class PostgresMemoryStoreContractTests : MemoryStoreContract, IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    protected override IMemoryStore Store => new PostgresMemoryStore(_dataSource, TimeProvider.System);

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(owned: true);
        _dataSource = _database.CreateDataSource();
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
