namespace Sophia.Tenancy;

/// <summary>The user's ledger and own limits; every spend is checked against the tenant's too, by the tenant's grain.</summary>
public sealed partial class UserGrain
{
    private QuotaLedger Ledger => quota.State.Ledger.Roll(time.GetUtcNow());

    private LedgerWrites LedgerWrites => _ledgerWrites ??= new LedgerWrites(this, () => quota.WriteStateAsync());
    private LedgerWrites? _ledgerWrites;

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

        var refusal = await TenantOfUser.SpendQuotaAsync(Spend(meter, amount, refuseOverLimit));
        if (refusal is not null && refuseOverLimit)
        {
            return refusal;
        }

        Ledger.Add(meter, amount);
        LedgerWrites.Changed();
        return refusal;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await (_ledgerWrites?.FlushAsync() ?? Task.CompletedTask);
        await base.OnDeactivateAsync(reason, cancellationToken);
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
