using System.ComponentModel.DataAnnotations;

namespace Sophia.Automation;

/// <summary>How often schedules look for a due occurrence (<c>Sophia:Schedules</c>).</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Sophia:Schedules";

    /// <summary>
    /// The service key of the clock schedules read "now" from: the host's own clock unless another is registered under it.
    /// Its own key, because the silo's membership reads the unkeyed one and must never see time jump.
    /// </summary>
    public const string ClockKey = "sophia.schedules";

    /// <summary>The reminder period of each schedule: the longest a due run waits when its activation was lost.</summary>
    [Range(1, 3600)]
    public int CheckIntervalSeconds { get; set; } = 60;

    public TimeSpan CheckInterval => TimeSpan.FromSeconds(CheckIntervalSeconds);
}

/// <summary>How outgoing webhook deliveries are retried (<c>Sophia:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Sophia:Webhooks";

    /// <summary>Attempts before a delivery goes to the dead letters.</summary>
    [Range(1, 30)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; each further failure doubles it.</summary>
    [Range(0.1, 3600)]
    public double FirstRetrySeconds { get; set; } = 10;

    /// <summary>The longest wait between two attempts.</summary>
    [Range(1, 86400)]
    public double MaxRetrySeconds { get; set; } = 3600;

    public TimeSpan RetryAfter(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetrySeconds, FirstRetrySeconds * Math.Pow(2, Math.Max(0, failures - 1))));
}
