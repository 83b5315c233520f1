using System.Data.Common;
using Sophia.Audit;

namespace Sophia.Tests.Audit;

/// <summary>What every <see cref="IAuditStore"/> must do, run against each implementation by a derived class.</summary>
public abstract class AuditStoreContract : IAsyncLifetime
{
    // Long past, so PostgreSQL's one-day floor on a retention cutoff never gets in the way.
    protected static readonly DateTimeOffset Start = new(2020, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    protected IAuditStore Store { get; private set; } = null!;

    protected abstract Task<IAuditStore> OpenAsync();

    protected abstract Task CloseAsync();

    /// <summary>Runs one statement on the store's database as the application does, for the tenant; the database's refusal comes back as thrown.</summary>
    protected abstract Task<int> ExecuteAsApplicationAsync(string tenant, string sql);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync();

    protected async Task<AuditEntry> AppendAsync(string tenant, int minute, string action = AuditActions.SignIn, string actor = "ann", string? detail = null)
    {
        var entry = AuditRules.Stamp(tenant, new AuditRecord(actor, action, "ann", detail, AuditOutcomes.Succeeded, "127.0.0.1"), Start.AddMinutes(minute));
        await Store.AppendAsync(entry);
        return entry;
    }

    private Task<IReadOnlyList<AuditEntry>> QueryAsync(string tenant, AuditQuery query) => Store.QueryAsync(tenant, AuditRules.Check(query));

    [Fact]
    public async Task Entries_read_back_whole_newest_first()
    {
        var first = await AppendAsync("acme", 1, detail: """{"method":"password","count":2}""");
        var second = await AppendAsync("acme", 2, AuditActions.UserRoleChanged, detail: null);

        Assert.Equal([second, first], await QueryAsync("acme", new AuditQuery(10)));
    }

    [Fact]
    public async Task After_an_entry_or_a_time_reads_forward_oldest_first_and_before_pages_back()
    {
        var entries = new List<AuditEntry>();
        for (var minute = 1; minute <= 5; minute++)
        {
            entries.Add(await AppendAsync("acme", minute));
        }

        Assert.Equal(entries[2..4], await QueryAsync("acme", new AuditQuery(2, AfterId: entries[1].Id)));
        Assert.Equal(entries[3..5], await QueryAsync("acme", new AuditQuery(10, AfterTime: Start.AddMinutes(3).AddSeconds(30))));
        Assert.Equal([entries[1], entries[0]], await QueryAsync("acme", new AuditQuery(10, BeforeId: entries[2].Id)));
    }

    [Fact]
    public async Task Actor_and_action_filters_match_exactly_or_by_dotted_prefix()
    {
        var signIn = await AppendAsync("acme", 1, AuditActions.SignIn, "ann");
        var failed = await AppendAsync("acme", 2, AuditActions.SignInFailed, "bob");
        var key = await AppendAsync("acme", 3, AuditActions.ApiKeyCreated, "ann");
        await AppendAsync("acme", 4, "apixkey.created", "ann");
        await AppendAsync("acme", 5, "authority.changed", "ann");

        Assert.Equal([failed, signIn], await QueryAsync("acme", new AuditQuery(10, Action: "auth")));
        Assert.Equal([signIn], await QueryAsync("acme", new AuditQuery(10, Action: AuditActions.SignIn)));
        Assert.Equal([key], await QueryAsync("acme", new AuditQuery(10, Action: "api_key")));
        Assert.Equal([signIn], await QueryAsync("acme", new AuditQuery(10, Actor: "ann", Action: "auth")));
        Assert.Equal([failed], await QueryAsync("acme", new AuditQuery(10, Actor: "bob")));
    }

    [Fact]
    public async Task A_tenant_never_reads_another_tenants_entries()
    {
        await AppendAsync("acme", 1);
        var own = await AppendAsync("globex", 2);

        Assert.Equal([own], await QueryAsync("globex", new AuditQuery(10)));
        Assert.Empty(await QueryAsync("initech", new AuditQuery(10)));
    }

    [Fact]
    public async Task Pruning_removes_every_tenants_entries_before_the_cutoff_and_nothing_after()
    {
        await AppendAsync("acme", 1);
        await AppendAsync("globex", 2);
        var kept = await AppendAsync("acme", 10);

        Assert.Equal(2, await Store.PruneAsync(Start.AddMinutes(5)));
        Assert.Equal([kept], await QueryAsync("acme", new AuditQuery(10)));
        Assert.Empty(await QueryAsync("globex", new AuditQuery(10)));
        Assert.Equal(0, await Store.PruneAsync(Start.AddMinutes(5)));
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_entry()
    {
        var entry = await AppendAsync("acme", 1);

        var update = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsApplicationAsync("acme", $"UPDATE audit_entries SET actor = 'mallory' WHERE id = '{entry.Id}'"));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsApplicationAsync("acme", $"DELETE FROM audit_entries WHERE id = '{entry.Id}'"));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.Equal([entry], await QueryAsync("acme", new AuditQuery(10)));
    }
}
