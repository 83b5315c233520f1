using Polly;
using Polly.Retry;

namespace Sophia.Chat;

/// <summary>
/// Retries of a grain call from inside the cluster while the silo it went to is being declared dead and replaced. Only
/// for calls whose repetition is harmless (e.g. a turn's appends, which a closed turn refuses). A timeout is not retried:
/// the caller's own recovery (the conversation's watch) repeats the work instead of holding it for minutes. Retries
/// continue on the calling grain's scheduler.
/// </summary>
internal static class SiloCallRetry
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SiloUnavailableException>().Handle<OrleansMessageRejectionException>(),
            MaxRetryAttempts = 8,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(2),
        })
        .Build();

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            return await Pipeline.ExecuteAsync(async _ => await call(), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public static Task RunAsync(Func<Task> call, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await call();
        return true;
    }, cancellationToken);
}
