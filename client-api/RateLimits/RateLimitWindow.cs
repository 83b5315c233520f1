using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.RateLimits;

/// <summary>
/// One limit: up to <see cref="PermitLimit"/> requests at once, refilled evenly over <see cref="WindowSeconds"/>, so
/// a steady caller gets <see cref="PermitLimit"/> per window and learns from Retry-After when the next one is free.
/// </summary>
public sealed class RateLimitWindow
{
    [Range(1, 1_000_000, ErrorMessage = "must be a whole number from {1} to {2}")]
    public int PermitLimit { get; set; }

    [Range(1, 86_400, ErrorMessage = "must be a whole number of seconds from {1} to {2}")]
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public static RateLimitWindow Of(int permitLimit, int windowSeconds) => new() { PermitLimit = permitLimit, WindowSeconds = windowSeconds };
}
