using Microsoft.Data.Sqlite;
using Sophia.Storage;

namespace Sophia.Tests.Postgres;

public sealed class SqliteMessageLogContractTests : MessageLogContract
{
    private readonly TempFolder _data = new();

    protected override Task<IMessageLog> OpenLogAsync() =>
        Task.FromResult<IMessageLog>(new SqliteMessageLog(SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"))));

    protected override Task CloseLogAsync()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
