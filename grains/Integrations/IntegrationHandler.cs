using System.Globalization;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Sophia.Integrations;

/// <summary>
/// The handler an integration's calls go through: its resilience pipeline over the guarded client, and the rate budget
/// the provider reports in the common <c>x-ratelimit-remaining</c> / <c>x-ratelimit-reset</c> headers.
/// </summary>
internal sealed class IntegrationHandler : DelegatingHandler
{
    private readonly TimeProvider _time;
    private readonly Action<long?, DateTimeOffset?> _budget;

    public IntegrationHandler(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMessageHandler guarded, TimeProvider time, Action<long?, DateTimeOffset?> budget)
    {
        _time = time;
        _budget = budget;
        InnerHandler = new ResilienceHandler(pipeline) { InnerHandler = guarded };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Smallest(response, "x-ratelimit-remaining") is { } remaining)
        {
            _budget(remaining, Smallest(response, "x-ratelimit-reset") is { } reset ? ResetAt(reset) : null);
        }

        return response;
    }

    // Some providers list several windows ("1, 15000" per second and per month); the tightest is what is left.
    private static long? Smallest(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
            ? values.SelectMany(v => v.Split(',')).Select(v => long.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null).Min()
            : null;

    // GitHub sends the reset as epoch seconds, others as seconds from now.
    private DateTimeOffset ResetAt(long reset) =>
        reset > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(reset) : _time.GetUtcNow().AddSeconds(reset);
}
