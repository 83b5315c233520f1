using Microsoft.Data.Sqlite;
using Sophia.Chat;

namespace Sophia.Storage;

/// <summary>
/// The message log as one SQLite table keyed by (conversation, seq): appends cost the same at any length, and appends of
/// many conversations share a transaction (<see cref="SqliteDatabase.WriteAsync"/>).
/// </summary>
public sealed class SqliteMessageLog(SqliteDatabase database) : IMessageLog
{
    private const string Columns = "seq, type, role, text, at_ms, usage, step, turn";

    public Task AppendAsync(string conversationKey, IReadOnlyList<ChatEvent> events, string? requestId = null, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO chat_events (conversation, seq, type, role, text, at_ms, request_id, usage, step, turn) VALUES ($c, $seq, $type, $role, $text, $at, $request, $usage, $step, $turn)";
            var parameters = new[] { "$c", "$seq", "$type", "$role", "$text", "$at", "$request", "$usage", "$step", "$turn" }.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var e in events)
            {
                object?[] values = [conversationKey, e.Seq, e.Type, e.Role, e.Text, e.At.ToUnixTimeMilliseconds(), e == events[0] ? requestId : null,
                    JsonColumn.Write(e.Usage), JsonColumn.Write(e.Step), e.Turn == 0 ? null : e.Turn];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync(CancellationToken.None);
            }

            return events.Count;
        }, cancellationToken);

    public async Task<IReadOnlyList<ChatEvent>> ReadAsync(string conversationKey, long afterSeq, int limit, string? type, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            $"SELECT {Columns} FROM chat_events WHERE conversation = $c AND seq > $after AND ($type IS NULL OR type = $type) ORDER BY seq LIMIT $limit",
            ToEvent, cancellationToken, ("$c", conversationKey), ("$after", afterSeq), ("$type", type), ("$limit", limit));

    public async Task<IReadOnlyList<ChatEvent>> ReadRecentAsync(string conversationKey, long uptoSeq, int count, string type, CancellationToken cancellationToken = default)
    {
        var newestFirst = await database.QueryAsync(
            $"SELECT {Columns} FROM chat_events WHERE conversation = $c AND seq <= $upto AND type = $type ORDER BY seq DESC LIMIT $count",
            ToEvent, cancellationToken, ("$c", conversationKey), ("$upto", uptoSeq), ("$type", type), ("$count", count));
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<long?> FindRequestAsync(string conversationKey, string requestId, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync(
            "SELECT seq FROM chat_events WHERE conversation = $c AND request_id = $request", r => r.GetInt64(0), cancellationToken,
            ("$c", conversationKey), ("$request", requestId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<OpenTurn>> OpenTurnsAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(OpenTurnsSql.Replace("@c", "$c"), r => new OpenTurn(r.GetInt64(0), r.GetInt64(1) > 0), cancellationToken, ("$c", conversationKey));

    /// <summary>Posted user messages (their turn is their own seq) whose turn has no done or error yet, with how many events the turn has.</summary>
    internal const string OpenTurnsSql = """
        SELECT m.seq, (SELECT count(*) FROM chat_events e WHERE e.conversation = m.conversation AND e.turn = m.seq AND e.seq > m.seq)
        FROM chat_events m
        WHERE m.conversation = @c AND m.type = 'message' AND m.role = 'user' AND m.turn = m.seq
          AND NOT EXISTS (SELECT 1 FROM chat_events t WHERE t.conversation = m.conversation AND t.turn = m.seq AND t.type IN ('done', 'error'))
        ORDER BY m.seq
        """;

    public async Task<ChatEvent?> LastAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync(
            $"SELECT {Columns} FROM chat_events WHERE conversation = $c ORDER BY seq DESC LIMIT 1",
            ToEvent, cancellationToken, ("$c", conversationKey));
        return rows.Count == 0 ? null : rows[0];
    }

    private static ChatEvent ToEvent(SqliteDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4)),
            JsonColumn.Read<TurnUsage>(row.IsDBNull(5) ? null : row.GetString(5)), JsonColumn.Read<StepInfo>(row.IsDBNull(6) ? null : row.GetString(6)), row.IsDBNull(7) ? 0 : row.GetInt64(7));
}
