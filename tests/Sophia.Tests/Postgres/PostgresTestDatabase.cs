using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sophia.Storage.Postgres;

namespace Sophia.Tests.Postgres;

/// <summary>A fresh, uniquely named database on the test PostgreSQL server (<c>SOPHIA_TEST_POSTGRES</c>), dropped on dispose.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string ServerVariable = "SOPHIA_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>What the migrator applied when the database was created; empty when it was created bare.</summary>
    public IReadOnlyList<string> Applied { get; private set; } = [];

    /// <summary>The server's connection string (no database), from <c>SOPHIA_TEST_POSTGRES</c>; fails the test when it is missing.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set, so there is no PostgreSQL to test against. Run tests/run-all.sh, or start the services with " +
                "`infra/local/services.sh start` and export their settings with `eval \"$(infra/local/services.sh env)\"` before `dotnet test`.");

    /// <summary>Creates the database and, unless <paramref name="migrate"/> is false, applies Sophia's migrations to it.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(bool migrate = true)
    {
        var database = new PostgresTestDatabase(ServerConnectionString, $"sophia_test_{Guid.NewGuid():N}");
        await database.OnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        if (migrate)
        {
            database.Applied = await PostgresMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, CancellationToken.None);
        }

        return database;
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Runs one query on this database and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs one statement on this database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await OnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task OnServerAsync(string sql)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
