using Npgsql;
using Sophia.Chat;

namespace Sophia.Storage.Postgres;

/// <summary>
/// The message log as one PostgreSQL table keyed by (conversation, seq): appends cost the same at any length, and appends
/// of many conversations share one transaction (<see cref="GroupCommit{TWork}"/>).
/// </summary>
public sealed class PostgresMessageLog : IMessageLog, IAsyncDisposable, IDisposable
{
    private const string Columns = "seq, type, role, text, at, usage, step, turn";
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<PendingAppend> _commits;

    public PostgresMessageLog(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _commits = new GroupCommit<PendingAppend>(CommitAsync);
    }

    public Task AppendAsync(string conversationKey, IReadOnlyList<ChatEvent> events, string? requestId = null, CancellationToken cancellationToken = default) =>
        _commits.WriteAsync(new PendingAppend(conversationKey, events, requestId), cancellationToken);

    // One statement inserts every append waiting; when it is refused, each append is tried in a transaction of its own,
    // so the one refused (a taken seq or request id) fails alone.
    private async Task CommitAsync(IReadOnlyList<GroupedWrite<PendingAppend>> appends)
    {
        try
        {
            await WriteAsync(appends.Select(a => a.Work).ToList(), CancellationToken.None);
            return;
        }
        catch (PostgresException) when (appends.Count > 1)
        {
        }

        foreach (var append in appends)
        {
            try
            {
                await WriteAsync([append.Work], CancellationToken.None);
                append.Succeed();
            }
            catch (PostgresException e)
            {
                append.Fail(e);
            }
        }
    }

    /// <summary>One conversation's events waiting to be appended.</summary>
    private sealed record PendingAppend(string Conversation, IReadOnlyList<ChatEvent> Events, string? RequestId);

    private async Task WriteAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        var rows = appends.SelectMany(a => a.Events.Select((e, i) => (a.Conversation, Event: e, RequestId: i == 0 ? a.RequestId : null))).ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);

        // The append is the acknowledgement, so the commit waits for the WAL flush whatever the server's default.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO on"));
        var insert = new NpgsqlBatchCommand(
            $"INSERT INTO chat_events (conversation, {Columns}, request_id) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::bigint[], $10::text[])");
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Conversation).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Seq).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Type).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Role).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Text).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => ToStoredTime(r.Event.At)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => JsonColumn.Write(r.Event.Usage)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => JsonColumn.Write(r.Event.Step)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Event.Turn == 0 ? (long?)null : r.Event.Turn).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.RequestId).ToArray() });
        batch.BatchCommands.Add(insert);

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ChatEvent>> ReadAsync(string conversationKey, long afterSeq, int limit, string? type, CancellationToken cancellationToken = default) =>
        type is null
            ? await QueryAsync($"SELECT {Columns} FROM chat_events WHERE conversation = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                cancellationToken, conversationKey, afterSeq, Limit(limit))
            : await QueryAsync($"SELECT {Columns} FROM chat_events WHERE conversation = $1 AND seq > $2 AND type = $4 ORDER BY seq LIMIT $3",
                cancellationToken, conversationKey, afterSeq, Limit(limit), type);

    public async Task<IReadOnlyList<ChatEvent>> ReadRecentAsync(string conversationKey, long uptoSeq, int count, string type, CancellationToken cancellationToken = default)
    {
        var newestFirst = await QueryAsync(
            $"SELECT {Columns} FROM chat_events WHERE conversation = $1 AND seq <= $2 AND type = $4 ORDER BY seq DESC LIMIT $3",
            cancellationToken, conversationKey, uptoSeq, Limit(count), type);
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<long?> FindRequestAsync(string conversationKey, string requestId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT seq FROM chat_events WHERE conversation = $1 AND request_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = conversationKey });
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public async Task<IReadOnlyList<OpenTurn>> OpenTurnsAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(SqliteMessageLog.OpenTurnsSql.Replace("@c", "$1"));
        command.Parameters.Add(new NpgsqlParameter { Value = conversationKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var open = new List<OpenTurn>();
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new OpenTurn(reader.GetInt64(0), reader.GetInt64(1) > 0));
        }

        return open;
    }

    public async Task<ChatEvent?> LastAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM chat_events WHERE conversation = $1 ORDER BY seq DESC LIMIT 1", cancellationToken, conversationKey);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    public void Dispose() => _commits.Dispose();

    // SQLite reads a negative LIMIT as no limit; both logs answer the same.
    private static long Limit(int limit) => limit < 0 ? long.MaxValue : limit;

    // Milliseconds, like the SQLite log, so an event reads back the same from either; PostgreSQL takes only UTC offsets.
    private static DateTimeOffset ToStoredTime(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private async Task<List<ChatEvent>> QueryAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<ChatEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ChatEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                JsonColumn.Read<TurnUsage>(reader.IsDBNull(5) ? null : reader.GetString(5)),
                JsonColumn.Read<StepInfo>(reader.IsDBNull(6) ? null : reader.GetString(6)),
                reader.IsDBNull(7) ? 0 : reader.GetInt64(7)));
        }

        return events;
    }
}
