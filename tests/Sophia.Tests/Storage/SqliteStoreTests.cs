using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Sophia.Storage;
using Sophia.Tenancy;

namespace Sophia.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly SqliteDatabase _database;

    public SqliteStoreTests() => _database = SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private static SqliteGrainStorage Storage(SqliteDatabase database)
    {
        var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(UserState).Assembly)).BuildServiceProvider();
        return new SqliteGrainStorage(database, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
    }

    private sealed class GrainState<T> : IGrainState<T> where T : new()
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task Grain_state_round_trips_and_a_stale_writer_is_refused()
    {
        var storage = Storage(_database);
        var id = GrainId.Create("user", "acme/ann");
        var writer = new GrainState<UserState> { State = { PasswordHash = "h1" } };
        await storage.WriteStateAsync("user", id, writer);

        var reader = new GrainState<UserState>();
        await Storage(SqliteDatabase.Open(_database.FilePath)).ReadStateAsync("user", id, reader);
        Assert.True(reader.RecordExists);
        Assert.Equal("h1", reader.State.PasswordHash);

        reader.State.PasswordHash = "h2";
        await storage.WriteStateAsync("user", id, reader);
        writer.State.PasswordHash = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("user", id, writer));

        var after = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, after);
        Assert.Equal("h2", after.State.PasswordHash);
    }

    [Fact]
    public async Task Cleared_state_reads_as_missing()
    {
        var storage = Storage(_database);
        var id = GrainId.Create("user", "acme/bob");
        var state = new GrainState<UserState> { State = { PasswordHash = "h" } };
        await storage.WriteStateAsync("user", id, state);

        await storage.ClearStateAsync("user", id, state);
        var after = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, after);

        Assert.False(after.RecordExists);
        Assert.Equal("", after.State.PasswordHash);
    }

    [Fact]
    public async Task Reminders_are_found_by_grain_and_by_hash_range_including_the_wrap()
    {
        var table = new SqliteReminderTable(_database);
        var grain = GrainId.Create("gpu-pool", "us-east");
        var hash = grain.GetUniformHashCode();
        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "reconcile", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        Assert.Single((await table.ReadRows(grain)).Reminders);
        Assert.Single((await table.ReadRows(hash - 1, hash)).Reminders);
        Assert.Empty((await table.ReadRows(hash, hash == uint.MaxValue ? hash : hash + 1)).Reminders);
        Assert.Single((await table.ReadRows(hash == uint.MaxValue ? 0 : hash + 1, hash)).Reminders);
        Assert.Equal(TimeSpan.FromMinutes(1), (await table.ReadRow(grain, "reconcile"))!.Period);

        Assert.False(await table.RemoveRow(grain, "reconcile", "not-the-etag"));
        Assert.True(await table.RemoveRow(grain, "reconcile", etag!));
        Assert.Null(await table.ReadRow(grain, "reconcile"));
    }

    [Fact]
    public async Task Message_log_refuses_a_taken_sequence_number_and_keeps_the_first()
    {
        var log = new SqliteMessageLog(_database);
        var now = DateTimeOffset.UtcNow;
        await log.AppendAsync("acme/c1", [new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "first", now)]);

        await Assert.ThrowsAsync<SqliteException>(() => log.AppendAsync("acme/c1", [
            new ChatEvent(2, ChatEventTypes.Message, ChatRoles.User, "second", now),
            new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "duplicate", now)]));

        var events = await log.ReadAsync("acme/c1", 0, 10, null);
        Assert.Equal("first", Assert.Single(events).Text);
        Assert.Equal(1, (await log.LastAsync("acme/c1"))!.Seq);
    }
}
