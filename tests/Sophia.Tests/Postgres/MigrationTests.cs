using Microsoft.Extensions.Logging.Abstractions;
using Sophia.Storage.Postgres;

namespace Sophia.Tests.Postgres;

public sealed class MigrationTests
{
    private static readonly string[] Expected =
        ["0001_orleans_query_table.sql", "0002_orleans_grain_storage.sql", "0003_orleans_reminders.sql", "0004_sophia_message_log.sql"];

    private static Task<IReadOnlyList<string>> MigrateAsync(PostgresTestDatabase database) =>
        PostgresMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, CancellationToken.None);

    private static Task<List<string>> RecordedAsync(PostgresTestDatabase database) =>
        database.QueryAsync("SELECT version FROM sophia_schema_migrations ORDER BY version", r => r.GetString(0));

    [Fact]
    public async Task Migrations_on_an_empty_database_apply_every_file_in_name_order()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);

        var applied = await MigrateAsync(database);

        Assert.Equal(Expected, applied.Take(Expected.Length));
        Assert.Equal(PostgresMigrator.Migrations, applied);
        Assert.Equal(applied, await RecordedAsync(database));
        var tables = await database.QueryAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", r => r.GetString(0));
        Assert.Equal(["audit_entries", "chat_events", "memory_chunks", "memory_documents", "orleans_grain_state", "orleans_reminders", "orleansquery", "sophia_schema_migrations"], tables);
    }

    [Fact]
    public async Task Second_migration_run_applies_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var queriesBefore = await database.QueryAsync("SELECT count(*) FROM OrleansQuery", r => r.GetInt64(0));

        var second = await MigrateAsync(database);

        Assert.Equal(PostgresMigrator.Migrations, database.Applied);
        Assert.Empty(second);
        Assert.Equal(PostgresMigrator.Migrations, await RecordedAsync(database));
        Assert.Equal(queriesBefore, await database.QueryAsync("SELECT count(*) FROM OrleansQuery", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Every_migration_file_is_safe_to_run_again_outside_the_migrator()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await database.ExecuteAsync("DELETE FROM sophia_schema_migrations");

        var again = await MigrateAsync(database);

        Assert.Equal(PostgresMigrator.Migrations, again);
    }

    [Fact]
    public async Task A_database_from_when_memory_had_its_own_role_ends_up_without_that_roles_rights()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        // What the first 0008 left behind: a role sophia_tenant with rights on the memory tables.
        await database.ExecuteAsync("""
            DO $$ BEGIN CREATE ROLE sophia_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
            GRANT SELECT, INSERT, UPDATE, DELETE ON memory_documents, memory_chunks TO sophia_tenant;
            DELETE FROM sophia_schema_migrations WHERE version = '0010_memory_as_owner.sql';
            """);

        var applied = await MigrateAsync(database);
        var rights = await database.QueryAsync(
            "SELECT has_table_privilege('sophia_tenant', 'memory_chunks', 'SELECT') OR has_table_privilege('sophia_tenant', 'memory_documents', 'INSERT')",
            r => r.GetBoolean(0));

        Assert.Equal(["0010_memory_as_owner.sql"], applied);
        Assert.False(Assert.Single(rights));
    }

    [Fact]
    public async Task Two_concurrent_runs_on_a_fresh_database_both_succeed_and_apply_each_file_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);

        var runs = await Within.Wait(Task.WhenAll(MigrateAsync(database), MigrateAsync(database)), "two concurrent migration runs");

        Assert.Equal(PostgresMigrator.Migrations, runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Equal(PostgresMigrator.Migrations, await RecordedAsync(database));
    }
}
