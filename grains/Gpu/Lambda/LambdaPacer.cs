using Microsoft.Extensions.Options;

namespace Sophia.Gpu.Lambda;

/// <summary>
/// Keeps this process within Lambda's documented rate limits (about one request a second, one launch per 10 seconds),
/// on the injected clock, and holds every request back after a 429.
/// </summary>
public sealed class LambdaPacer(TimeProvider time, IOptions<LambdaCloudOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _nextRequest = DateTimeOffset.MinValue;
    private DateTimeOffset _nextLaunch = DateTimeOffset.MinValue;

    /// <summary>Waits until the next request (a launch when <paramref name="launch"/>) may be sent, and takes that slot.</summary>
    public async Task WaitTurnAsync(bool launch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var at = launch && _nextLaunch > _nextRequest ? _nextLaunch : _nextRequest;
            var wait = at - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            var now = time.GetUtcNow();
            _nextRequest = now + TimeSpan.FromMilliseconds(options.Value.MinRequestIntervalMilliseconds);
            if (launch)
            {
                _nextLaunch = now + TimeSpan.FromSeconds(options.Value.LaunchIntervalSeconds);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a 429: no request of this process goes out before <paramref name="delay"/> has passed.</summary>
    public void HoldBack(TimeSpan delay)
    {
        var until = time.GetUtcNow() + delay;
        if (until > _nextRequest)
        {
            _nextRequest = until;
        }
    }
}
