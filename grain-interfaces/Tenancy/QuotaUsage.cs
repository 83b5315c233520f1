namespace Sophia.Tenancy;

/// <summary>One limit of one ledger: what its current period used, the limit (null: none) and when the period resets.</summary>
[GenerateSerializer, Immutable, Alias("sophia.QuotaLine")]
public sealed record QuotaLine(string Name, long Used, long? Limit, DateTimeOffset ResetsAt);

/// <summary>A user's usage against their effective limits, beside their tenant's usage against the tenant's limits.</summary>
/// <param name="User">The username.</param>
/// <param name="Lines">The user's own ledger, one line per limit, with the effective limit (override, else the tenant's).</param>
/// <param name="Overrides">The limits an admin set for this user only.</param>
/// <param name="Tenant">The tenant's ledger, counting all its users, against the tenant's limits.</param>
[GenerateSerializer, Immutable, Alias("sophia.UserQuotaUsage")]
public sealed record UserQuotaUsage(string User, IReadOnlyList<QuotaLine> Lines, QuotaLimits Overrides, IReadOnlyList<QuotaLine> Tenant);

/// <summary>
/// Asks the tenant's ledger whether an amount may be spent (and spends it): the user's own usage and overrides come
/// along, so the user's effective limits and the tenant's are checked in one call.
/// </summary>
/// <param name="User">The user spending, or null for work charged to the tenant alone.</param>
/// <param name="Meter">What is spent.</param>
/// <param name="Amount">How much; for tokens, spent after the model call, 1 when checking that any are left.</param>
/// <param name="RefuseOverLimit">True: refuse, spending nothing, when the amount does not fit; false: record it anyway (tokens already spent).</param>
/// <param name="UserUsed">The user's usage in the current periods, by limit name.</param>
/// <param name="UserOverrides">The user's own limits.</param>
[GenerateSerializer, Immutable, Alias("sophia.QuotaSpend")]
public sealed record QuotaSpend(
    string? User, QuotaMeter Meter, long Amount, bool RefuseOverLimit, IReadOnlyDictionary<string, long> UserUsed, QuotaLimits UserOverrides);

/// <summary>The outcome of setting limits: the limits now, or an HTTP status with a message saying what to fix.</summary>
[GenerateSerializer, Immutable, Alias("sophia.QuotaAnswer")]
public sealed record QuotaAnswer(int Status, string? Problem = null, QuotaLimits? Limits = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static QuotaAnswer Ok(QuotaLimits limits) => new(200, Limits: limits);

    public static QuotaAnswer Refused(int status, string problem) => new(status, problem);
}

/// <summary>A tenant's limits and its ledger, which counts all its users.</summary>
[GenerateSerializer, Immutable, Alias("sophia.TenantQuota")]
public sealed record TenantQuota(QuotaLimits Limits, IReadOnlyList<QuotaLine> Lines);
