using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// Retries of grain calls while silos come and go. A call the cluster rejected never ran, so any call may repeat it;
/// a call that timed out, lost its silo or was in flight when a silo connection dropped may have run, so only
/// idempotent calls (reads, posts with a request id) repeat it.
/// </summary>
public static class GrainCallRetry
{
    // A connection that could not be made never carried the call, like a rejection.
    private static readonly ResiliencePipeline Rejected = Build(new PredicateBuilder().Handle<OrleansMessageRejectionException>().Handle<ConnectionFailedException>());

    // Long enough to outlast a dead silo's detection (1 to 2 s), and tight enough that an attempt follows within 200 ms
    // of it, reaching the grain's new activation.
    private static readonly ResiliencePipeline Idempotent = Build(new PredicateBuilder()
        .Handle<Exception>(ClusterUnavailable.Is)
        .Handle<SiloConnectionLostException>());

    /// <summary>For calls that must not run twice: retried only when the cluster rejected them unrun.</summary>
    public static ValueTask<T> RejectedAsync<T>(Func<Task<T>> call) => Rejected.ExecuteAsync(async _ => await call());

    /// <summary>For calls that are safe to run again: also retried after timeouts, lost silos and dropped silo connections.</summary>
    public static ValueTask<T> IdempotentAsync<T>(Func<Task<T>> call) => Idempotent.ExecuteAsync(async _ => await AbandonOnLossAsync(call));

    /// <inheritdoc cref="IdempotentAsync{T}(Func{Task{T}})"/>
    public static async ValueTask IdempotentAsync(Func<Task> call) => await IdempotentAsync(async () =>
    {
        await call();
        return true;
    });

    private static async Task<T> AbandonOnLossAsync<T>(Func<Task<T>> call)
    {
        var loss = ClusterConnectionWatch.NextLoss;
        try
        {
            return await call().WaitAsync(loss);
        }
        catch (OperationCanceledException) when (loss.IsCancellationRequested)
        {
            throw new SiloConnectionLostException();
        }
    }

    private static ResiliencePipeline Build(PredicateBuilder<object> handles) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = handles,
            MaxRetryAttempts = 30,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromMilliseconds(200),
        })
        .Build();

    /// <summary>A silo connection dropped while the call was in flight; whether it ran is unknown.</summary>
    private sealed class SiloConnectionLostException() : Exception("A silo connection was lost while the call was in flight.");
}
