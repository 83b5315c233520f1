using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Sophia.ClientApi.RateLimits;

/// <summary>An ASP.NET Core rate limiting policy whose partitions are those of the shared <see cref="SophiaRateLimiters"/>.</summary>
public sealed class SharedLimiterPolicy(string policy, Func<HttpContext, string> partitionKey) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) => RateLimitRefusal.WriteAsync(context.HttpContext, policy, context.Lease);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var limiters = httpContext.RequestServices.GetRequiredService<SophiaRateLimiters>();
        var key = partitionKey(httpContext);
        return RateLimitPartition.Get(key, k => new PartitionView(limiters.For(policy), k));
    }

    // Holds no permits of its own: the middleware may drop and rebuild it at will while the shared limiter keeps count.
    private sealed class PartitionView(PartitionedRateLimiter<string> shared, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

        public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics(key);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.AcquireAsync(key, permitCount, cancellationToken);
    }
}
