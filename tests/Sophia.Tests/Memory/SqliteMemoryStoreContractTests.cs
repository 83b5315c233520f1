using Sophia.Memory.Store;
using Sophia.Storage;

namespace Sophia.Tests.Memory;

public sealed class SqliteMemoryStoreContractTests : MemoryStoreContract, IDisposable
{
    private readonly TempFolder _data = new();

    public SqliteMemoryStoreContractTests() =>
        Store = new SqliteMemoryStore(SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db")), TimeProvider.System);

    protected override IMemoryStore Store { get; }

    public void Dispose() => _data.Dispose();
}
