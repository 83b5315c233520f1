using System.Globalization;

namespace Sophia.Tenancy;

/// <summary>Work refused because a limit is reached: which one, its value, what was used, and when it resets.</summary>
/// <param name="Limit">One of <see cref="QuotaNames"/>.</param>
/// <param name="Value">The limit.</param>
/// <param name="Used">What its period used so far.</param>
/// <param name="ResetsAt">When its period ends and the usage starts again from zero.</param>
/// <param name="TenantWide">True when the tenant's limit (all its users together) is reached, false for the user's own.</param>
[GenerateSerializer, Immutable, Alias("sophia.QuotaRefusal")]
public sealed record QuotaRefusal(string Limit, long Value, long Used, DateTimeOffset ResetsAt, bool TenantWide)
{
    public string Message =>
        $"{(TenantWide ? "Your tenant has" : "You have")} reached {(TenantWide ? "its" : "your")} limit of {Value.ToString("N0", CultureInfo.InvariantCulture)} " +
        $"{QuotaNames.Describe(Limit)} ({Limit}: {Used.ToString("N0", CultureInfo.InvariantCulture)} used); it resets at " +
        $"{ResetsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. An admin can raise it.";
}

/// <summary>Thrown where refused work cannot go on: the turn ends, the request answers 429.</summary>
[GenerateSerializer, Alias("sophia.QuotaExceededException")]
public sealed class QuotaExceededException(QuotaRefusal refusal) : Exception(refusal.Message)
{
    [Id(0)] public QuotaRefusal Refusal { get; } = refusal;
}
