using Polly;
using Polly.Retry;

namespace Sophia.Chat;

/// <summary>
/// Retries of a grain call from inside the cluster while the silo it went to is being declared dead and replaced. Only
/// for calls whose repetition is harmless (e.g. a turn's appends, which a closed turn refuses).
/// </summary>
internal static class SiloCallRetry
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SiloUnavailableException>().Handle<OrleansMessageRejectionException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 8,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(2),
        })
        .Build();

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await Pipeline.ExecuteAsync(async _ => await call(), cancellationToken);
}
