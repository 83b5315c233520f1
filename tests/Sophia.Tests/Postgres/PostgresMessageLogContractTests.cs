using Npgsql;
using Sophia.Storage.Postgres;

namespace Sophia.Tests.Postgres;

public sealed class PostgresMessageLogContractTests : MessageLogContract
{
    private PostgresTestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IMessageLog> OpenLogAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _dataSource = _database.CreateDataSource();
        return new PostgresMessageLog(_dataSource);
    }

    protected override async Task CloseLogAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
