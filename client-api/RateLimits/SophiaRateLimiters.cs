using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sophia.ClientApi.RateLimits;

/// <summary>
/// One partitioned limiter per policy, shared by the HTTP middleware and the hub, so a user's sends through REST and
/// the hub draw on one allowance.
/// </summary>
public sealed class SophiaRateLimiters : IDisposable
{
    private readonly Dictionary<string, PartitionedRateLimiter<string>> _limiters;

    public SophiaRateLimiters(IOptions<RateLimitOptions> options)
    {
        Options = options.Value;
        _limiters = RateLimitPolicies.All.ToDictionary(p => p, p => Create(Options, RateLimitPolicies.WindowOf(Options, p)));
    }

    public RateLimitOptions Options { get; }

    public PartitionedRateLimiter<string> For(string policy) => _limiters[policy];

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static PartitionedRateLimiter<string> Create(RateLimitOptions options, RateLimitWindow window) =>
        PartitionedRateLimiter.Create<string, string>(key => options.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = window.PermitLimit,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = window.Window / window.PermitLimit,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(key));
}
