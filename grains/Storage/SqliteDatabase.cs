using Microsoft.Data.Sqlite;

namespace Sophia.Storage;

/// <summary>
/// The embedded profile's one SQLite file: grain state, reminders and the message log. SQLite has one writer at a time,
/// so every write goes through one queue and writes waiting together share a transaction and its flush to disk, each in
/// a savepoint of its own so that a refused write fails alone.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_id   TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag       TEXT NOT NULL,
            data       BLOB NOT NULL,
            PRIMARY KEY (grain_id, state_name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      TEXT    NOT NULL,
            period_ticks  INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        CREATE TABLE IF NOT EXISTS chat_events (
            conversation TEXT    NOT NULL,
            seq          INTEGER NOT NULL,
            type         TEXT    NOT NULL,
            role         TEXT    NOT NULL,
            text         TEXT    NOT NULL,
            at_ms        INTEGER NOT NULL,
            request_id   TEXT,
            usage        TEXT,
            step         TEXT,
            turn         INTEGER,
            PRIMARY KEY (conversation, seq)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS chat_events_by_request ON chat_events (conversation, request_id) WHERE request_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS chat_events_by_turn ON chat_events (conversation, turn) WHERE turn IS NOT NULL;
        CREATE TABLE IF NOT EXISTS health_probe (
            id    INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly GroupCommit<Func<SqliteConnection, SqliteTransaction, Task<object?>>> _writes;

    // The one writer's connection, kept open between commits (only the committer touches it).
    private SqliteConnection? _writer;

    private SqliteDatabase(string path)
    {
        FilePath = path;
        _writes = new(CommitAsync);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>Creates the data folder and the tables when missing.</summary>
    public static SqliteDatabase Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var database = new SqliteDatabase(path);
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = UpgradeEarlierSchema(connection) + Schema;
        command.ExecuteNonQuery();
        return database;
    }

    // A data folder made before events carried their turn gets the column; its earlier events keep none (never an open turn).
    private static string UpgradeEarlierSchema(SqliteConnection connection)
    {
        using var lacksTurn = connection.CreateCommand();
        lacksTurn.CommandText = """
            SELECT (SELECT count(*) FROM pragma_table_info('chat_events')) > 0
               AND (SELECT count(*) FROM pragma_table_info('chat_events') WHERE name = 'turn') = 0
            """;
        return (long)lacksTurn.ExecuteScalar()! == 1 ? "ALTER TABLE chat_events ADD COLUMN turn INTEGER;" : "";
    }

    /// <summary>Opens a pooled connection that syncs every commit to disk, so an acknowledged write survives a crash.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenForReadingAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    // A reader needs no sync setting; waiting out a writer's lock is the connection string's default timeout.
    private async Task<SqliteConnection> OpenForReadingAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs one statement with parameters given as name/value pairs; returns once it is durable.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, sql, parameters);
            command.Transaction = transaction;
            return await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in the next shared transaction, all or nothing (its own savepoint); returns its
    /// result once that transaction committed.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        // Not back onto the caller's scheduler: a store that waits for its schema at start blocks a grain's, which would
        // then never run this continuation.
        (T)(await _writes.WriteAsync(async (connection, transaction) => await write(connection, transaction), cancellationToken).ConfigureAwait(false))!;

    private async Task CommitAsync(IReadOnlyList<GroupedWrite<Func<SqliteConnection, SqliteTransaction, Task<object?>>>> writes)
    {
        var connection = _writer ??= await OpenAsync(CancellationToken.None);
        try
        {
            await CommitOnAsync(connection, writes);
        }
        catch
        {
            // A connection a failed commit left behind is not trusted with the next one.
            _writer = null;
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task CommitOnAsync(SqliteConnection connection, IReadOnlyList<GroupedWrite<Func<SqliteConnection, SqliteTransaction, Task<object?>>>> writes)
    {
        await using var transaction = connection.BeginTransaction();
        var outcomes = new List<Action>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var savepoint = $"w{i}";
            transaction.Save(savepoint);
            try
            {
                var result = await write.Work(connection, transaction);
                transaction.Release(savepoint);
                outcomes.Add(() => write.Succeed(result));
            }
            catch (SqliteException e)
            {
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                outcomes.Add(() => write.Fail(e));
            }
        }

        await transaction.CommitAsync();
        outcomes.ForEach(tell => tell());
    }

    /// <summary>Takes no more writes and returns once those already queued are written.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        if (_writer is { } writer)
        {
            await writer.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _writes.Dispose();
        _writer?.Dispose();
    }

    /// <summary>Runs one query and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenForReadingAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
