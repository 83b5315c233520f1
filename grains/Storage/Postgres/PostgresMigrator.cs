using Npgsql;

namespace Sophia.Storage.Postgres;

/// <summary>Applies the SQL files embedded from <c>infra/sql</c> to a PostgreSQL database, each once, in name order.</summary>
public static class PostgresMigrator
{
    private const string ResourcePrefix = "Sophia.Sql.";

    // Any constant that every silo shares; it names Sophia's migrations among the database's advisory locks.
    private const long LockKey = 0x5350_4849_415F_4D49;

    /// <summary>The migration files this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> Migrations { get; } = typeof(PostgresMigrator).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Applies every migration not yet recorded in <c>sophia_schema_migrations</c>; returns the ones it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        // Unpooled, so closing the connection releases the advisory lock even when a migration fails midway;
        // no command timeout, because a second silo waits on the lock for as long as the first one migrates.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", LockKey));
        await StepAsync("The table sophia_schema_migrations", connection, () => ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS sophia_schema_migrations (
                version    text        PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken));
        var done = await AppliedAsync(connection, cancellationToken);

        var applied = new List<string>();
        foreach (var migration in Migrations.Where(m => !done.Contains(m)))
        {
            await StepAsync($"Migration {migration}", connection, async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, await ReadAsync(migration, cancellationToken), cancellationToken);
                await ExecuteAsync(connection, transaction, "INSERT INTO sophia_schema_migrations (version, applied_at) VALUES (@version, now())",
                    cancellationToken, ("version", migration));
                await transaction.CommitAsync(cancellationToken);
            });
            logger.LogInformation("Applied PostgreSQL migration {Migration}", migration);
            applied.Add(migration);
        }

        await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", cancellationToken, ("key", LockKey));
        return applied;
    }

    private static async Task StepAsync(string step, NpgsqlConnection connection, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (PostgresException ex)
        {
            throw new PostgresMigrationException(step, connection.UserName ?? Environment.UserName, ex);
        }
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM sophia_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static async Task<string> ReadAsync(string migration, CancellationToken cancellationToken)
    {
        await using var stream = typeof(PostgresMigrator).Assembly.GetManifestResourceStream(ResourcePrefix + migration)
            ?? throw new InvalidOperationException($"The migration {migration} is not embedded in {typeof(PostgresMigrator).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
