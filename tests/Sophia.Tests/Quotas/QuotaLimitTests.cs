using Sophia.Memory;
using Sophia.Tests.Memory;
using Sophia.Tenancy;

namespace Sophia.Tests.Quotas;

/// <summary>
/// Each limit reached and reset on the fake clock, with two users whose grains live on different silos counting against
/// their tenant's one ledger.
/// </summary>
[Collection(QuotaClusterCollection.Name)]
public sealed class QuotaLimitTests(QuotaClusterFixture fixture)
{
    private IUserGrain User(string tenant, string user) => fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of(tenant, user));

    [Fact]
    public async Task Tokens_per_day_of_a_tenant_count_both_silos_users_and_reset_at_the_next_UTC_day()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-day");
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.TokensPerDay, 2 * QuotaClusterFixture.TokensPerTurn);

        var first = await fixture.TurnAsync(tenant, ann, "Hello");
        var second = await fixture.TurnAsync(tenant, bob, "Hello");
        var refused = await fixture.TurnAsync(tenant, ann, "Hello again");
        var refusal = await User(tenant, bob).CheckQuotaAsync(QuotaMeter.Tokens, 1);

        Assert.Equal([ChatEventTypes.Done, ChatEventTypes.Done], [first.Type, second.Type]);
        Assert.Equal(ChatEventTypes.Error, refused.Type);
        Assert.Contains(QuotaNames.TokensPerDay, refused.Text);
        Assert.Contains($"resets at {fixture.NextDay:yyyy-MM-dd HH:mm} UTC", refused.Text);
        Assert.Equal(new QuotaRefusal(QuotaNames.TokensPerDay, 2 * QuotaClusterFixture.TokensPerTurn, 2 * QuotaClusterFixture.TokensPerTurn, fixture.NextDay, TenantWide: true), refusal);

        fixture.AdvanceToNextDay();
        var nextDay = await fixture.TurnAsync(tenant, ann, "A new day");

        Assert.Equal(ChatEventTypes.Done, nextDay.Type);
    }

    [Fact]
    public async Task Counted_usage_is_kept_when_the_user_and_tenant_grains_deactivate_and_come_back()
    {
        var (tenant, ann, _) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-kept");
        Assert.Equal(ChatEventTypes.Done, (await fixture.TurnAsync(tenant, ann, "Hello")).Type);
        var before = await User(tenant, ann).GetQuotaUsageAsync();

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await User(tenant, ann).GetQuotaUsageAsync();

        long TokensToday(IEnumerable<QuotaLine> lines) => lines.Single(l => l.Name == QuotaNames.TokensPerDay).Used;
        Assert.Equal(QuotaClusterFixture.TokensPerTurn, TokensToday(before.Lines));
        Assert.Equal((TokensToday(before.Lines), TokensToday(before.Tenant)), (TokensToday(after.Lines), TokensToday(after.Tenant)));
    }

    [Fact]
    public async Task Tokens_per_month_outlast_the_day_and_reset_at_the_next_UTC_month()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-month");
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.TokensPerMonth, QuotaClusterFixture.TokensPerTurn);

        var first = await fixture.TurnAsync(tenant, ann, "Hello");
        var refused = await fixture.TurnAsync(tenant, bob, "Hello");
        var resetsAt = fixture.NextMonth;
        var usage = await User(tenant, bob).GetQuotaUsageAsync();

        Assert.Equal(ChatEventTypes.Done, first.Type);
        Assert.Equal(ChatEventTypes.Error, refused.Type);
        Assert.Contains(QuotaNames.TokensPerMonth, refused.Text);
        Assert.Equal(new QuotaLine(QuotaNames.TokensPerMonth, QuotaClusterFixture.TokensPerTurn, QuotaClusterFixture.TokensPerTurn, resetsAt),
            usage.Tenant.Single(l => l.Name == QuotaNames.TokensPerMonth));
        Assert.Equal(0, usage.Lines.Single(l => l.Name == QuotaNames.TokensPerMonth).Used);
        if (fixture.NextDay < resetsAt)
        {
            fixture.AdvanceToNextDay();
            Assert.Equal(ChatEventTypes.Error, (await fixture.TurnAsync(tenant, ann, "Tomorrow")).Type);
        }

        fixture.AdvanceToNextMonth();
        var nextMonth = await fixture.TurnAsync(tenant, bob, "A new month");

        Assert.Equal(ChatEventTypes.Done, nextMonth.Type);
    }

    [Fact]
    public async Task Tool_calls_per_day_end_the_turn_that_passes_them_and_reset_at_the_next_UTC_day()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-tools");
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.ToolCallsPerDay, 1);

        var first = await fixture.TurnAsync(tenant, ann, "/run current_time");
        var refused = await fixture.TurnAsync(tenant, bob, "/run current_time");
        var annUsage = await User(tenant, ann).GetQuotaUsageAsync();

        Assert.Equal(ChatEventTypes.Done, first.Type);
        Assert.Equal(ChatEventTypes.Error, refused.Type);
        Assert.Contains(QuotaNames.ToolCallsPerDay, refused.Text);
        Assert.Contains($"resets at {fixture.NextDay:yyyy-MM-dd HH:mm} UTC", refused.Text);
        Assert.Equal(1, annUsage.Lines.Single(l => l.Name == QuotaNames.ToolCallsPerDay).Used);
        Assert.Equal(1, annUsage.Tenant.Single(l => l.Name == QuotaNames.ToolCallsPerDay).Used);

        fixture.AdvanceToNextDay();
        var nextDay = await fixture.TurnAsync(tenant, bob, "/run current_time");

        Assert.Equal(ChatEventTypes.Done, nextDay.Type);
    }

    [Fact]
    public async Task Chunks_per_month_refuse_a_document_that_does_not_fit_count_nothing_for_a_known_one_and_reset_at_the_next_UTC_month()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-chunks");
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.ChunksPerMonth, 3);
        var note = new DocumentUpload("note.txt", "text/plain", "The blue folder is in the second drawer."u8.ToArray());
        var big = MemoryCorpus.LongDocument("big.txt", 40);
        IMemoryGrain Memory(string user) => fixture.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(tenant, MemoryScopes.User(user)));

        var accepted = await Memory(ann).IngestAsync(note, ann);
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => Memory(bob).IngestAsync(big, bob));
        var again = await Memory(ann).IngestAsync(note, ann);
        var usage = await User(tenant, bob).GetQuotaUsageAsync();

        Assert.Equal((1, true), (accepted.Chunks, accepted.New));
        Assert.Equal((QuotaNames.ChunksPerMonth, 3L, 1L, fixture.NextMonth, true), (refused.Refusal.Limit, refused.Refusal.Value, refused.Refusal.Used, refused.Refusal.ResetsAt, refused.Refusal.TenantWide));
        Assert.Empty(await Memory(bob).ListDocumentsAsync());
        Assert.False(again.New);
        Assert.Equal(1, usage.Tenant.Single(l => l.Name == QuotaNames.ChunksPerMonth).Used);

        fixture.AdvanceToNextMonth();
        var nextMonth = await Memory(bob).IngestAsync(MemoryCorpus.LongDocument("small.txt", 2), bob);

        Assert.True(nextMonth.New);
        Assert.Equal(nextMonth.Chunks, (await User(tenant, bob).GetQuotaUsageAsync()).Lines.Single(l => l.Name == QuotaNames.ChunksPerMonth).Used);
    }

    [Fact]
    public async Task A_users_override_takes_precedence_over_the_tenant_default_and_null_clears_it()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-override");
        var tenantGrain = fixture.Grains.GetGrain<ITenantGrain>(tenant);
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.TokensPerDay, 10 * QuotaClusterFixture.TokensPerTurn);
        var set = await tenantGrain.SetUserQuotaAsync("boss", ann, new Dictionary<string, long?> { [QuotaNames.TokensPerDay] = QuotaClusterFixture.TokensPerTurn });
        var byMember = await tenantGrain.SetUserQuotaAsync(bob, ann, new Dictionary<string, long?> { [QuotaNames.TokensPerDay] = null });

        await fixture.TurnAsync(tenant, ann, "Hello");
        var annRefused = await fixture.TurnAsync(tenant, ann, "Hello again");
        var bobAnswered = await fixture.TurnAsync(tenant, bob, "Hello");
        var cleared = await tenantGrain.SetUserQuotaAsync("boss", ann, new Dictionary<string, long?> { [QuotaNames.TokensPerDay] = null });
        var annAnswered = await fixture.TurnAsync(tenant, ann, "Once more");
        var usage = await User(tenant, ann).GetQuotaUsageAsync();

        Assert.Equal(QuotaClusterFixture.TokensPerTurn, set.Limits!.Of(QuotaNames.TokensPerDay));
        Assert.Equal(403, byMember.Status);
        Assert.Equal(ChatEventTypes.Error, annRefused.Type);
        Assert.StartsWith("You have reached your limit", annRefused.Text);
        Assert.Equal(ChatEventTypes.Done, bobAnswered.Type);
        Assert.Null(cleared.Limits!.Of(QuotaNames.TokensPerDay));
        Assert.Equal(ChatEventTypes.Done, annAnswered.Type);
        Assert.Equal(10 * QuotaClusterFixture.TokensPerTurn, usage.Lines.Single(l => l.Name == QuotaNames.TokensPerDay).Limit);
        Assert.Equal(2 * QuotaClusterFixture.TokensPerTurn, usage.Lines.Single(l => l.Name == QuotaNames.TokensPerDay).Used);
    }

    [Fact]
    public async Task Spends_from_both_silos_at_once_while_an_admin_changes_a_member_are_all_counted_and_never_pass_the_limit()
    {
        var (tenant, ann, bob) = await fixture.TenantWithUsersOnTwoSilosAsync("quota-race");
        var tenantGrain = fixture.Grains.GetGrain<ITenantGrain>(tenant);
        await fixture.SetTenantQuotaAsync(tenant, QuotaNames.ToolCallsPerDay, 30);

        var spends = Enumerable.Range(0, 20).SelectMany(_ => new[] { ann, bob })
            .Select(user => User(tenant, user).SpendQuotaAsync(QuotaMeter.ToolCalls, 1, refuseOverLimit: true)).ToList();
        var overrideChange = tenantGrain.SetUserQuotaAsync("boss", ann, new Dictionary<string, long?> { [QuotaNames.TokensPerDay] = 1000 });
        var memberChange = tenantGrain.UpdateMemberAsync("boss", bob, new MemberPatch(DisplayName: "Bob"));
        var results = await Within.Wait(Task.WhenAll(spends), "forty spends while the admin acts");
        Assert.True((await Within.Wait(overrideChange, "the admin's change of ann's quota")).Succeeded);
        Assert.True((await Within.Wait(memberChange, "the admin's change of bob")).Succeeded);
        var usage = await User(tenant, ann).GetQuotaUsageAsync();

        Assert.Equal(30, results.Count(r => r is null));
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(QuotaNames.ToolCallsPerDay, r!.Limit));
        Assert.Equal(30, usage.Tenant.Single(l => l.Name == QuotaNames.ToolCallsPerDay).Used);
        Assert.Equal(1000, usage.Overrides.Of(QuotaNames.TokensPerDay));
    }
}
