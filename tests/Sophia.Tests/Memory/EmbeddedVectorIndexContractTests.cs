using Sophia.Memory.Index;
using Sophia.Storage;

namespace Sophia.Tests.Memory;

/// <summary>The vector index contract on the embedded index (exact search, persisted to SQLite).</summary>
public sealed class EmbeddedVectorIndexContractTests : VectorIndexContract, IDisposable
{
    private readonly TempFolder _data = new();
    private readonly SqliteDatabase _database;

    public EmbeddedVectorIndexContractTests()
    {
        _database = SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"));
        Index = new EmbeddedVectorIndex(_database, Size);
    }

    protected override IVectorIndex Index { get; }

    [Fact]
    public async Task Vectors_are_rebuilt_from_the_file_when_the_process_starts_again()
    {
        await Index.UpsertAsync("acme", [Record("tenant", "kept", "d1", 1, 0), Record("tenant", "gone", "d2", 0, 1)]);
        await Index.DeleteDocumentAsync("acme", "tenant", "d2");

        var restarted = new EmbeddedVectorIndex(SqliteDatabase.Open(_database.FilePath), Size);

        Assert.Equal(["kept"], (await restarted.SearchAsync("acme", ["tenant"], Vector(1, 1), 10)).Select(h => h.ChunkId));
    }

    public void Dispose() => _data.Dispose();
}
