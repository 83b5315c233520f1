using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sophia.Audit;
using Sophia.Storage;

namespace Sophia.Tests.Audit;

/// <summary>Retention prunes on its schedule, on the clock it is given: entries past RetentionDays go, younger ones stay.</summary>
public sealed class AuditRetentionTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Entries_older_than_the_retention_are_pruned_at_the_next_pass_and_younger_ones_stay()
    {
        var store = new WatchedStore(new SqliteAuditStore(SqliteDatabase.Open(Path.Combine(_data.Path, "sophia.db"))));
        var old = await RecordAsync(store, "acme", AuditActions.SignIn);
        _time.Advance(TimeSpan.FromDays(20));
        var young = await RecordAsync(store, "globex", AuditActions.ApiKeyCreated);
        using var retention = new AuditRetention(store, Options.Create(new AuditOptions { RetentionDays = 30, PruneIntervalMinutes = 60 }), _time, NullLogger<AuditRetention>.Instance);
        await retention.StartAsync(CancellationToken.None);

        Assert.Equal(0, await store.NextPruneAsync("the pass at start"));
        Assert.Equal([old], await store.QueryAsync("acme", new AuditQuery(10)));
        _time.Advance(TimeSpan.FromDays(11));

        Assert.Equal(1, await store.NextPruneAsync($"the pass after 31 days, which prunes {old.Id}"));
        Assert.Empty(await store.QueryAsync("acme", new AuditQuery(10)));
        Assert.Equal([young], await store.QueryAsync("globex", new AuditQuery(10)));
        await retention.StopAsync(CancellationToken.None);
    }

    private async Task<AuditEntry> RecordAsync(IAuditStore store, string tenant, string action)
    {
        var entry = AuditRules.Stamp(tenant, new AuditRecord("ann", action), _time.GetUtcNow());
        await store.AppendAsync(entry);
        return entry;
    }

    /// <summary>The store as retention sees it, telling the test when each prune has finished.</summary>
    private sealed class WatchedStore(IAuditStore inner) : IAuditStore
    {
        private readonly System.Threading.Channels.Channel<long> _pruned = System.Threading.Channels.Channel.CreateUnbounded<long>();

        public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => inner.AppendAsync(entry, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> QueryAsync(string tenant, AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(tenant, query, cancellationToken);

        public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
        {
            var count = await inner.PruneAsync(before, cancellationToken);
            _pruned.Writer.TryWrite(count);
            return count;
        }

        public Task<long> NextPruneAsync(string what) => Within.Wait(_pruned.Reader.ReadAsync().AsTask(), what);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
