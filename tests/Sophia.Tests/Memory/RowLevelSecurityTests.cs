using Npgsql;
using Sophia.Memory;
using Sophia.Memory.Store;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Memory;

/// <summary>
/// PostgreSQL's row-level security keeps each tenant's memory to itself, whatever query the code sends, even when the code
/// connects as the tables' owner (a plain role that owns its database, as on a managed PostgreSQL).
/// </summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMemoryStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(owned: true);
        _dataSource = _database.CreateDataSource();
        _store = new PostgresMemoryStore(_dataSource, TimeProvider.System);
        await _store.AddDocumentAsync("acme", "tenant", new MemoryDocument("d1", "secret.md", MemoryKinds.Document, "text/markdown", "Acme secret.", IngestionStates.Stored, 1, DateTimeOffset.UnixEpoch));
        await _store.AddChunksAsync("acme", "tenant", [new MemoryChunk("c1", "d1", 0, 0, "The acme launch code is swordfish.")]);
    }

    [Fact]
    public async Task Another_tenants_hand_written_query_reads_nothing()
    {
        await using var globex = await TenantConnection.OpenAsync(_dataSource, "globex", CancellationToken.None);

        Assert.Equal(0L, await ScalarAsync(globex.Command("SELECT count(*) FROM memory_chunks")));
        Assert.Equal(0L, await ScalarAsync(globex.Command("SELECT count(*) FROM memory_documents WHERE tenant_id = 'acme'")));
        Assert.Equal(1L, await ScalarAsync(
            (await TenantConnection.OpenAsync(_dataSource, "acme", CancellationToken.None)).Command("SELECT count(*) FROM memory_chunks")));
    }

    [Fact]
    public async Task Another_tenant_can_neither_change_nor_delete_the_rows()
    {
        await using (var globex = await TenantConnection.OpenAsync(_dataSource, "globex", CancellationToken.None))
        {
            Assert.Equal(0, await globex.Command("UPDATE memory_chunks SET body = 'stolen' WHERE tenant_id = 'acme'").ExecuteNonQueryAsync());
            Assert.Equal(0, await globex.Command("DELETE FROM memory_documents WHERE tenant_id = 'acme'").ExecuteNonQueryAsync());
            await globex.CommitAsync(CancellationToken.None);
        }

        Assert.False(await _store.DeleteDocumentAsync("globex", "tenant", "d1"));
        var chunk = Assert.Single(await _store.GetPassagesAsync("acme", [("tenant", "c1")]));
        Assert.Equal("The acme launch code is swordfish.", chunk.Chunk.Text);
    }

    [Fact]
    public async Task Another_tenant_cannot_write_rows_in_its_name()
    {
        await using var globex = await TenantConnection.OpenAsync(_dataSource, "globex", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => globex.Command(
            "INSERT INTO memory_documents (tenant_id, scope, id, name, kind, content_type, body, state, chunk_count, created_at) " +
            "VALUES ('acme', 'tenant', 'planted', 'x', 'document', 'text/plain', 'x', 'stored', 0, now())").ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("row-level security", refused.MessageText);
    }

    [Fact]
    public async Task An_owner_connection_without_the_tenant_set_sees_nothing()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();

        Assert.Equal(0L, await ScalarAsync(new NpgsqlCommand("SELECT count(*) FROM memory_documents", connection)));
        Assert.Equal(0L, await ScalarAsync(new NpgsqlCommand("SELECT count(*) FROM memory_chunks", connection)));
    }

    [Fact]
    public async Task Memory_refuses_a_superuser_connection_saying_why()
    {
        await using var superuser = NpgsqlDataSource.Create(_database.SuperuserConnectionString);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresMemoryStore(superuser, TimeProvider.System).CountChunksAsync("acme"));

        Assert.Contains($"Memory refuses to run as PostgreSQL role '{new NpgsqlConnectionStringBuilder(_database.SuperuserConnectionString).Username}': it is a superuser, which skips row-level security", refused.Message);
    }

    [Fact]
    public async Task Memory_refuses_a_role_with_bypassrls_saying_why()
    {
        await using var bypassing = NpgsqlDataSource.Create(await _database.AddRoleAsync("BYPASSRLS"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresMemoryStore(bypassing, TimeProvider.System).SearchKeywordsAsync("acme", ["tenant"], "launch code", 10));

        Assert.Contains("it is a role with BYPASSRLS, which skips row-level security", refused.Message);
        Assert.Null(await RowLevelSecurityGuard.ProblemAsync(_dataSource, CancellationToken.None));
    }

    [Fact]
    public async Task The_store_of_another_tenant_finds_nothing()
    {
        Assert.Empty(await _store.SearchKeywordsAsync("globex", ["tenant"], "launch code", 10));
        Assert.Null(await _store.GetDocumentAsync("globex", "tenant", "d1"));
        Assert.Equal(0, await _store.CountChunksAsync("globex"));
        Assert.Single(await _store.SearchKeywordsAsync("acme", ["tenant"], "launch code", 10));
    }

    private static async Task<object?> ScalarAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
