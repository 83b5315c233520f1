using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// Retries grain calls the cluster rejected before running them (a silo draining, a stale directory entry):
/// a rejected call changed nothing, so repeating it cannot append a message twice. Ambiguous failures are not retried.
/// </summary>
public static class RejectedCallRetry
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>(),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    public static ValueTask<T> RunAsync<T>(Func<Task<T>> call) => Pipeline.ExecuteAsync(async _ => await call());
}
