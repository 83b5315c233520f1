namespace Sophia.Tenancy;

/// <summary>The user's ledger and own limits; every spend is checked against the tenant's too, by the tenant's grain.</summary>
public sealed partial class UserGrain
{
    private QuotaLedger Ledger => quota.State.Ledger.Roll(time.GetUtcNow());

    // Made once: Orleans resolves a reference's interface type by reflection on each GetGrain.
    private ITenantGrain TenantOfUser => _tenantOfUser ??= GrainFactory.GetGrain<ITenantGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant);
    private ITenantGrain? _tenantOfUser;

    public Task<QuotaRefusal?> CheckQuotaAsync(QuotaMeter meter, long amount) => TenantOfUser.CheckQuotaAsync(Spend(meter, Math.Max(amount, 1), refuse: true));

    public async Task<QuotaRefusal?> SpendQuotaAsync(QuotaMeter meter, long amount, bool refuseOverLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (amount == 0)
        {
            return null;
        }

        var tenantSpend = TenantOfUser.SpendQuotaAsync(Spend(meter, amount, refuseOverLimit));
        if (!refuseOverLimit)
        {
            // Nothing can be refused: the user's ledger is written while the tenant writes its own.
            Ledger.Add(meter, amount);
            await Task.WhenAll(tenantSpend, quota.WriteStateAsync());
            return await tenantSpend;
        }

        if (await tenantSpend is { } refusal)
        {
            return refusal;
        }

        Ledger.Add(meter, amount);
        await quota.WriteStateAsync();
        return null;
    }

    public async Task<UserQuotaUsage> GetQuotaUsageAsync()
    {
        var tenant = await TenantOfUser.GetQuotaAsync();
        return new UserQuotaUsage(Username, Ledger.Lines(quota.State.Limits.Over(tenant.Limits)), quota.State.Limits, tenant.Lines);
    }

    public async Task<QuotaLimits> SetQuotaOverridesAsync(IReadOnlyDictionary<string, long?> changes)
    {
        quota.State.Limits = quota.State.Limits.With(changes);
        await quota.WriteStateAsync();
        return quota.State.Limits;
    }

    private QuotaSpend Spend(QuotaMeter meter, long amount, bool refuse) => new(Username, meter, amount, refuse, Ledger.Snapshot(), quota.State.Limits);
}
