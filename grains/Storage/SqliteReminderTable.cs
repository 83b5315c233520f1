using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sophia.Storage;

/// <summary>Orleans reminders in the embedded profile's SQLite file.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ticks, etag";

    public Task Init() => Task.CompletedTask;

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(await database.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_id = $id", ToEntry, CancellationToken.None, ("$id", grainId.ToString())));

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // The ring range is (begin, end]; when begin >= end it wraps around zero.
        var sql = begin < end
            ? $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin AND grain_hash <= $end"
            : $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin OR grain_hash <= $end";
        return new(await database.QueryAsync(sql, ToEntry, CancellationToken.None, ("$begin", (long)begin), ("$end", (long)end)));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await database.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_id = $id AND reminder_name = $name",
            ToEntry, CancellationToken.None, ("$id", grainId.ToString()), ("$name", reminderName));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        await database.ExecuteAsync(
            """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period_ticks, etag)
            VALUES ($id, $name, $hash, $start, $period, $etag)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
                start_at = excluded.start_at, period_ticks = excluded.period_ticks, etag = excluded.etag
            """,
            CancellationToken.None,
            ("$id", entry.GrainId.ToString()), ("$name", entry.ReminderName), ("$hash", (long)entry.GrainId.GetUniformHashCode()),
            ("$start", entry.StartAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("$period", entry.Period.Ticks), ("$etag", etag));
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        await database.ExecuteAsync(
            "DELETE FROM reminders WHERE grain_id = $id AND reminder_name = $name AND etag = $etag",
            CancellationToken.None, ("$id", grainId.ToString()), ("$name", reminderName), ("$etag", eTag)) == 1;

    public Task TestOnlyClearTable() => database.ExecuteAsync("DELETE FROM reminders", CancellationToken.None);

    private static ReminderEntry ToEntry(SqliteDataReader row) => new()
    {
        GrainId = GrainId.Parse(row.GetString(0)),
        ReminderName = row.GetString(1),
        StartAt = DateTime.Parse(row.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Period = TimeSpan.FromTicks(row.GetInt64(3)),
        ETag = row.GetString(4),
    };
}
