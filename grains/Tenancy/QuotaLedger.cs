namespace Sophia.Tenancy;

/// <summary>What one ledger (a user's or a tenant's) used in the current UTC day and month; a new period starts from zero.</summary>
[GenerateSerializer, Alias("sophia.QuotaLedger")]
public sealed class QuotaLedger
{
    [Id(0)] public DateTimeOffset Day { get; set; }
    [Id(1)] public DateTimeOffset Month { get; set; }
    [Id(2)] public Dictionary<string, long> Used { get; set; } = [];

    /// <summary>Starts a new day or month when <paramref name="now"/> is past the one counted.</summary>
    public QuotaLedger Roll(DateTimeOffset now)
    {
        var (day, month) = QuotaPeriods.Starts(now);
        if (day != Day)
        {
            QuotaNames.All.Where(QuotaNames.IsDaily).ToList().ForEach(n => Used.Remove(n));
            Day = day;
        }

        if (month != Month)
        {
            QuotaNames.All.Where(n => !QuotaNames.IsDaily(n)).ToList().ForEach(n => Used.Remove(n));
            Month = month;
        }

        return this;
    }

    public void Add(QuotaMeter meter, long amount)
    {
        foreach (var name in QuotaNames.Of(meter))
        {
            Used[name] = Used.GetValueOrDefault(name) + amount;
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot() => QuotaNames.All.ToDictionary(n => n, n => Used.GetValueOrDefault(n));

    public IReadOnlyList<QuotaLine> Lines(QuotaLimits limits) =>
        QuotaNames.All.Select(n => new QuotaLine(n, Used.GetValueOrDefault(n), limits.Of(n), QuotaPeriods.ResetOf(n, Day, Month))).ToList();

    /// <summary>The limit a spend would pass, or null when it fits; of several, the one that resets last.</summary>
    public QuotaRefusal? Refusal(QuotaMeter meter, long amount, IReadOnlyDictionary<string, long> used, QuotaLimits limits, bool tenantWide) =>
        QuotaNames.Of(meter)
            .Where(n => limits.Of(n) is { } limit && used.GetValueOrDefault(n) + amount > limit)
            .Select(n => new QuotaRefusal(n, limits.Of(n)!.Value, used.GetValueOrDefault(n), QuotaPeriods.ResetOf(n, Day, Month), tenantWide))
            .MaxBy(r => r.ResetsAt);
}

/// <summary>A ledger and the limits set beside it: a tenant's limits, or a user's own overrides.</summary>
[GenerateSerializer, Alias("sophia.QuotaState")]
public sealed class QuotaState
{
    [Id(0)] public QuotaLimits Limits { get; set; } = QuotaLimits.None;
    [Id(1)] public QuotaLedger Ledger { get; set; } = new();
}

/// <summary>Quota periods are the UTC day and the UTC month.</summary>
public static class QuotaPeriods
{
    public static (DateTimeOffset Day, DateTimeOffset Month) Starts(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return (new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public static DateTimeOffset ResetOf(string name, DateTimeOffset day, DateTimeOffset month) => QuotaNames.IsDaily(name) ? day.AddDays(1) : month.AddMonths(1);
}
