using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Sophia.Silo.Hosting;
using Sophia.Tenancy;
using Sophia.Tests.Tenancy;

namespace Sophia.Tests.Postgres;

public sealed class AdoNetOrleansTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private readonly TempFolder _data = new();
    private readonly string _serviceId = $"sophia-test-{Guid.NewGuid():N}";
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private Task<InProcessTestCluster> StartClusterAsync(bool deleteStateOnClear = false) =>
        AdoNetSophiaCluster.StartAsync(_database, _data.Path, _serviceId, deleteStateOnClear);

    private Task<List<(string StateName, string Key, byte[]? Payload)>> StoredStatesAsync() =>
        _database.QueryAsync(
            "SELECT grain_type, grain_id_extension, payload FROM orleans_grain_state WHERE service_id = @service ORDER BY grain_type",
            r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : (byte[])r[2]),
            ("service", _serviceId));

    private static IGrainStorage Storage(InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(SophiaSiloExtensions.StorageName);

    [Fact]
    public async Task User_and_conversation_state_land_in_postgres_and_read_back_in_a_new_cluster()
    {
        string conversationId;
        await using (var first = await StartClusterAsync())
        {
            var ann = first.Client.GetGrain<IUserGrain>(GrainKeys.Of("acme", "ann"));
            await ann.ProvisionAsync(Password);
            conversationId = (await ann.CreateConversationAsync("Pipeline review")).Id;
        }

        var stored = await StoredStatesAsync();
        await using var second = await StartClusterAsync();
        var again = second.Client.GetGrain<IUserGrain>(GrainKeys.Of("acme", "ann"));
        var conversation = second.Client.GetGrain<IConversationGrain>(GrainKeys.Of("acme", conversationId));

        Assert.Equal([("conversation", $"acme/{conversationId}"), ("user", "acme/ann")], stored.Select(s => (s.StateName, s.Key)));
        Assert.True(await again.SignsInWithAsync(Password));
        Assert.Equal(conversationId, Assert.Single(await again.ListConversationsAsync()).Id);
        Assert.Equal("Pipeline review", (await conversation.GetAsync("ann"))?.Title);
    }

    [Fact]
    public async Task Stored_state_is_written_by_the_orleans_serializer_without_dotnet_type_names()
    {
        await using var cluster = await StartClusterAsync();
        await cluster.Client.GetGrain<IUserGrain>(GrainKeys.Of("acme", "bob")).ProvisionAsync(Password);

        var payload = Assert.Single(await StoredStatesAsync()).Payload!;
        var text = Encoding.UTF8.GetString(payload);
        var serializer = cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();

        Assert.DoesNotContain("Sophia.Grains", text);
        Assert.DoesNotContain("Sophia.Tenancy.UserState", text);
        Assert.DoesNotContain("PublicKeyToken", text);
        Assert.IsType<AdoNetGrainStorage>(Storage(cluster));
        Assert.IsType<OrleansGrainStorageSerializer>(serializer);
        Assert.NotEqual(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, PasswordHasher.Verify(Password, serializer.Deserialize<UserState>(new BinaryData(payload))!.PasswordHash));
    }

    [Fact]
    public async Task A_stale_write_is_refused_with_an_inconsistent_state_exception()
    {
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var id = GrainId.Create("user", "acme/carol");
        var first = new GrainState<UserState>(new UserState { PasswordHash = "first" });
        await storage.WriteStateAsync("user", id, first);

        var current = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, current);
        current.State!.PasswordHash = "second";
        await storage.WriteStateAsync("user", id, current);
        first.State!.PasswordHash = "stale";
        var newcomer = new GrainState<UserState>(new UserState { PasswordHash = "another activation" });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("user", id, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("user", id, newcomer));
        var after = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, after);
        Assert.Equal("second", after.State!.PasswordHash);
        Assert.Equal(current.ETag, after.ETag);
    }

    [Fact]
    public async Task Cleared_state_reads_as_missing_and_a_stale_clear_is_refused()
    {
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var id = GrainId.Create("user", "acme/dan");
        var stale = new GrainState<UserState>(new UserState { PasswordHash = "first" });
        await storage.WriteStateAsync("user", id, stale);
        var current = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, current);
        await storage.WriteStateAsync("user", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("user", id, stale));
        await storage.ClearStateAsync("user", id, current);
        var after = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, after);

        Assert.False(after.RecordExists);
        Assert.Equal("", after.State!.PasswordHash);
        after.State.PasswordHash = "reborn";
        await storage.WriteStateAsync("user", id, after);
        Assert.True(after.RecordExists);
    }

    [Fact]
    public async Task Clearing_with_delete_on_clear_removes_the_row_and_a_stale_delete_is_refused()
    {
        await using var cluster = await StartClusterAsync(deleteStateOnClear: true);
        var storage = Storage(cluster);
        var id = GrainId.Create("user", "acme/erin");
        var stale = new GrainState<UserState>(new UserState { PasswordHash = "first" });
        await storage.WriteStateAsync("user", id, stale);
        var current = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, current);
        await storage.WriteStateAsync("user", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("user", id, stale));
        await storage.ClearStateAsync("user", id, current);

        Assert.Empty(await StoredStatesAsync());
        Assert.Null(current.ETag);
        await storage.WriteStateAsync("user", id, new GrainState<UserState>(new UserState { PasswordHash = "reborn" }));
        var after = new GrainState<UserState>();
        await storage.ReadStateAsync("user", id, after);
        Assert.Equal("reborn", after.State!.PasswordHash);
    }

    [Fact]
    public async Task A_reminder_is_upserted_read_by_grain_and_by_either_kind_of_range_and_removed_with_its_etag()
    {
        await using var cluster = await StartClusterAsync();
        var table = cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("gpu-pool", "acme/us-east");
        var hash = unchecked((int)grain.GetUniformHashCode());
        Assert.InRange(hash, int.MinValue + 1, int.MaxValue - 1);
        uint Ring(int signed) => unchecked((uint)signed);
        var start = new DateTime(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "reconcile", StartAt = start, Period = TimeSpan.FromMinutes(1) });
        var row = await table.ReadRow(grain, "reconcile");

        Assert.Equal("AdoNetReminderTable", table.GetType().Name);
        Assert.Equal((grain, "reconcile", start, TimeSpan.FromMinutes(1), etag), (row!.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Single((await table.ReadRows(grain)).Reminders);
        Assert.Single((await table.ReadRows(Ring(hash - 1), Ring(hash))).Reminders);
        Assert.Empty((await table.ReadRows(Ring(hash), Ring(hash + 1))).Reminders);
        Assert.Single((await table.ReadRows(Ring(hash + 1), Ring(hash))).Reminders);
        Assert.Empty((await table.ReadRows(Ring(hash), Ring(hash - 1))).Reminders);

        var newer = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "reconcile", StartAt = start, Period = TimeSpan.FromMinutes(2) });
        Assert.NotEqual(etag, newer);
        Assert.False(await table.RemoveRow(grain, "reconcile", etag!));
        Assert.True(await table.RemoveRow(grain, "reconcile", newer!));
        Assert.Null(await table.ReadRow(grain, "reconcile"));
    }

    [Fact]
    public async Task Range_reads_return_exactly_the_reminders_on_that_arc_of_the_ring()
    {
        await using var cluster = await StartClusterAsync();
        var table = cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 32).Select(i => GrainId.Create("gpu-pool", $"acme/region-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "reconcile", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        uint[] edges = [0, 1, int.MaxValue, (uint)int.MaxValue + 1, uint.MaxValue - 1, uint.MaxValue, hashes[3], hashes[17], hashes[29]];
        foreach (var begin in edges)
        {
            foreach (var end in edges)
            {
                var expected = grains.Where(g => OnArc(g.GetUniformHashCode(), begin, end)).Order().ToList();
                var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Order().ToList();
                Assert.True(expected.SequenceEqual(actual), $"({begin}, {end}] returned {actual.Count} reminders instead of {expected.Count}.");
            }
        }

        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
    }

    // The ring range (begin, end] of Orleans: it wraps past zero when begin >= end, and is the whole ring when they are equal.
    private static bool OnArc(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
