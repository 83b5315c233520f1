using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// Retries of grain calls while silos come and go. A call the cluster rejected never ran, so any call may repeat it;
/// a call that timed out or lost its silo may have run, so only idempotent calls (reads, posts with a request id) repeat it.
/// </summary>
public static class GrainCallRetry
{
    private static readonly ResiliencePipeline Rejected = Build(new PredicateBuilder().Handle<OrleansMessageRejectionException>());

    private static readonly ResiliencePipeline Idempotent = Build(new PredicateBuilder()
        .Handle<OrleansMessageRejectionException>()
        .Handle<SiloUnavailableException>()
        .Handle<TimeoutException>());

    /// <summary>For calls that must not run twice: retried only when the cluster rejected them unrun.</summary>
    public static ValueTask<T> RejectedAsync<T>(Func<Task<T>> call) => Rejected.ExecuteAsync(async _ => await call());

    /// <summary>For calls that are safe to run again: also retried after timeouts and lost silos.</summary>
    public static ValueTask<T> IdempotentAsync<T>(Func<Task<T>> call) => Idempotent.ExecuteAsync(async _ => await call());

    private static ResiliencePipeline Build(PredicateBuilder<object> handles) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = handles,
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();
}
