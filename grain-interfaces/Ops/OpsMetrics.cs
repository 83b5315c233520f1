namespace Sophia.Ops;

/// <summary>One finished chat turn: when, how long, whether it ended in an error, whose it was and what its model calls used.</summary>
[GenerateSerializer, Immutable, Alias("sophia.TurnSample")]
public sealed record TurnSample(DateTimeOffset At, double DurationMs, bool Failed, string User, string? Model, long InputTokens, long OutputTokens);

/// <summary>A GPU pool's spend after a reconcile pass: the hourly rate of its live leases and what it has spent in all.</summary>
[GenerateSerializer, Immutable, Alias("sophia.GpuSpendSample")]
public sealed record GpuSpendSample(string Region, DateTimeOffset At, int SpendCentsPerHour, decimal SpentCents, int LiveLeases);

/// <summary>The turns that finished in one minute: count, errors, and the median and 95th percentile of their durations.</summary>
[GenerateSerializer, Immutable, Alias("sophia.TurnMinute")]
public sealed record TurnMinute(DateTimeOffset Minute, int Turns, int Errors, double P50Ms, double P95Ms);

/// <summary>What one user's turns used of one model since <see cref="OpsMetrics.Since"/>.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ModelUsage")]
public sealed record ModelUsage(string User, string Model, long Turns, long InputTokens, long OutputTokens);

/// <summary>The recent operations series, kept in memory: turns per minute, GPU spend per pool, usage per user and model.</summary>
[GenerateSerializer, Immutable, Alias("sophia.OpsMetrics")]
public sealed record OpsMetrics(DateTimeOffset Since, TimeSpan Window, IReadOnlyList<TurnMinute> Turns, IReadOnlyList<GpuSpendSample> GpuSpend, IReadOnlyList<ModelUsage> Usage);
