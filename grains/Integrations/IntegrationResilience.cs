using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Sophia.Net;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations;

/// <summary>
/// The pipeline every call of one integration goes through: retries that honour <c>Retry-After</c> (a 429, a 5xx, or a
/// 403 that carries one, as GitHub's secondary rate limit does), a circuit breaker that stops calling a provider that
/// keeps failing, and a rate limiter that keeps to the provider's documented limit.
/// </summary>
public static class IntegrationResilience
{
    /// <summary>Longer waits than this are not waited for: the call fails and says when the provider allows the next one.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(20);

    public static ResiliencePipeline<HttpResponseMessage> Build(ProviderRateLimit limit, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                MaxDelay = MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 6,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(30),
            })
            .AddRateLimiter(new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit.Permits,
                Window = limit.Window,
                SegmentsPerWindow = 6,
                QueueLimit = 50,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }))
            .Build();

    // An address the guarded client refuses stays refused: asking again only makes the admin wait.
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) =>
        (HttpClientResiliencePredicates.IsTransient(outcome) && FetchRefusedException.Within(outcome.Exception) is null)
        || outcome.Result is { StatusCode: HttpStatusCode.Forbidden, Headers.RetryAfter: not null };
}
