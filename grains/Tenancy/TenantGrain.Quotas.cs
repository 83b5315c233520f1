namespace Sophia.Tenancy;

/// <summary>
/// The tenant's limits and its ledger of all its users' usage. Each spend arrives from the user's grain with the user's
/// own usage and overrides, so the user's effective limits and the tenant's are checked and spent in one place at once.
/// These calls interleave with the tenant's others (which may be waiting on that same user's grain), so their writes
/// are chained; a spend's ledger is written with the next flush (<see cref="LedgerWrites"/>).
/// </summary>
public sealed partial class TenantGrain
{
    private SerialWrites? _quotaWrites;

    private SerialWrites QuotaWrites => _quotaWrites ??= new SerialWrites(() => quota.WriteStateAsync());
    private QuotaLedger Ledger => quota.State.Ledger.Roll(time.GetUtcNow());

    private LedgerWrites LedgerWrites => _ledgerWrites ??= new LedgerWrites(this, QuotaWrites.WriteAsync);
    private LedgerWrites? _ledgerWrites;

    public Task<TenantQuota> GetQuotaAsync() => Task.FromResult(new TenantQuota(quota.State.Limits, Ledger.Lines(quota.State.Limits)));

    public Task<QuotaRefusal?> CheckQuotaAsync(QuotaSpend spend) => Task.FromResult(RefusalOf(spend));

    public Task<QuotaRefusal?> SpendQuotaAsync(QuotaSpend spend)
    {
        var refusal = RefusalOf(spend);
        if (refusal is null || !spend.RefuseOverLimit)
        {
            Ledger.Add(spend.Meter, spend.Amount);
            LedgerWrites.Changed();
        }

        return Task.FromResult(refusal);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await (_ledgerWrites?.FlushAsync() ?? Task.CompletedTask);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<QuotaAnswer> SetQuotaAsync(string actor, IReadOnlyDictionary<string, long?> changes)
    {
        if (QuotaRefusalOf(actor, changes) is { } refused)
        {
            return refused;
        }

        quota.State.Limits = quota.State.Limits.With(changes);
        await QuotaWrites.WriteAsync();
        logger.LogInformation("Quota of tenant {Tenant} set by {Actor}: {Changes}", Tenant, actor, string.Join(", ", changes.Select(c => $"{c.Key}={c.Value?.ToString() ?? "none"}")));
        return QuotaAnswer.Ok(quota.State.Limits);
    }

    public async Task<QuotaAnswer> SetUserQuotaAsync(string actor, string username, IReadOnlyDictionary<string, long?> changes)
    {
        if (QuotaRefusalOf(actor, changes) is { } refused)
        {
            return refused;
        }

        if (!state.State.Members.ContainsKey(username))
        {
            return QuotaAnswer.Refused(404, $"There is no user '{username}' in this tenant.");
        }

        var overrides = await User(username).SetQuotaOverridesAsync(changes);
        logger.LogInformation("Quota of {User} in tenant {Tenant} set by {Actor}: {Changes}", username, Tenant, actor, string.Join(", ", changes.Select(c => $"{c.Key}={c.Value?.ToString() ?? "tenant's"}")));
        return QuotaAnswer.Ok(overrides);
    }

    private QuotaRefusal? RefusalOf(QuotaSpend spend)
    {
        var ledger = Ledger;
        // The tenant's refusal first: a user without overrides has the tenant's limits, and their usage is part of the tenant's.
        return ledger.Refusal(spend.Meter, spend.Amount, ledger.Snapshot(), quota.State.Limits, tenantWide: true)
            ?? (spend.User is null ? null : ledger.Refusal(spend.Meter, spend.Amount, spend.UserUsed, spend.UserOverrides.Over(quota.State.Limits), tenantWide: false));
    }

    private QuotaAnswer? QuotaRefusalOf(string actor, IReadOnlyDictionary<string, long?> changes) =>
        !Roles.Allows(ActorRole(actor), Permission.ManageUsers) ? QuotaAnswer.Refused(403, $"Your role does not allow you to {Roles.Describe(Permission.ManageUsers)}, which includes setting quotas.")
        : QuotaChanges.Problem(changes) is { } problem ? QuotaAnswer.Refused(400, problem)
        : null;
}
