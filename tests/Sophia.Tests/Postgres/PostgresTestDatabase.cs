using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sophia.Storage.Postgres;

namespace Sophia.Tests.Postgres;

/// <summary>A fresh, uniquely named database on the test PostgreSQL server (<c>SOPHIA_TEST_POSTGRES</c>), dropped on dispose.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string ServerVariable = "SOPHIA_TEST_POSTGRES";

    private const string RolePassword = "sophia-test-role";

    private readonly string _serverConnectionString;
    private readonly List<string> _roles = [];

    private PostgresTestDatabase(string serverConnectionString, string name, string? owner)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        SuperuserConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        ConnectionString = owner is null ? SuperuserConnectionString : ConnectionStringAs(owner);
        Owner = owner;
    }

    public string Name { get; }

    /// <summary>Where the code under test connects: as <see cref="Owner"/> when the database has one, else as the server's superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>This database as the server's superuser, for what only a superuser may do (and to prove memory refuses it).</summary>
    public string SuperuserConnectionString { get; }

    /// <summary>The plain role that owns the database, as a managed PostgreSQL's user would; null when the superuser owns it.</summary>
    public string? Owner { get; }

    /// <summary>What the migrator applied when the database was created; empty when it was created bare.</summary>
    public IReadOnlyList<string> Applied { get; private set; } = [];

    /// <summary>The server's connection string (no database), from <c>SOPHIA_TEST_POSTGRES</c>; fails the test when it is missing.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set, so there is no PostgreSQL to test against. Run tests/run-all.sh, or start the services with " +
                "`infra/local/services.sh start` and export their settings with `eval \"$(infra/local/services.sh env)\"` before `dotnet test`.");

    /// <summary>
    /// Creates the database and, unless <paramref name="migrate"/> is false, applies Sophia's migrations to it. With
    /// <paramref name="owned"/>, a new login role without SUPERUSER, CREATEROLE, CREATEDB or BYPASSRLS owns the database,
    /// migrates it and is what <see cref="ConnectionString"/> connects as.
    /// </summary>
    public static async Task<PostgresTestDatabase> CreateAsync(bool migrate = true, bool owned = false)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var database = new PostgresTestDatabase(ServerConnectionString, $"sophia_test_{suffix}", owned ? $"sophia_owner_{suffix[..12]}" : null);
        if (database.Owner is { } owner)
        {
            await database.CreateRoleAsync(owner, "");
        }

        await database.OnServerAsync($"CREATE DATABASE \"{database.Name}\"{(database.Owner is null ? "" : $" OWNER \"{database.Owner}\"")}");
        if (migrate)
        {
            database.Applied = await PostgresMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance, CancellationToken.None);
        }

        return database;
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>
    /// A new login role, plain unless <paramref name="attributes"/> say otherwise (e.g. <c>BYPASSRLS</c>), dropped with the
    /// database; returns the connection string to this database as that role.
    /// </summary>
    public async Task<string> AddRoleAsync(string attributes = "")
    {
        var role = $"sophia_role_{Guid.NewGuid():N}"[..24];
        await CreateRoleAsync(role, attributes);
        return ConnectionStringAs(role);
    }

    private async Task CreateRoleAsync(string role, string attributes)
    {
        await OnServerAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{RolePassword}' NOSUPERUSER NOCREATEROLE NOCREATEDB {attributes}");
        _roles.Add(role);
    }

    private string ConnectionStringAs(string role) =>
        new NpgsqlConnectionStringBuilder(SuperuserConnectionString) { Username = role, Password = RolePassword }.ConnectionString;

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
        foreach (var connectionString in _roles.Select(ConnectionStringAs).Append(SuperuserConnectionString))
        {
            using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }

        await OnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        foreach (var role in _roles)
        {
            await OnServerAsync($"DROP ROLE IF EXISTS \"{role}\"");
        }
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
