using System.Collections.Concurrent;
using Octokit.Caching;
using IRequest = Octokit.Internal.IRequest;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// Responses kept with their ETags, so Octokit asks again with <c>If-None-Match</c> and a 304 (which GitHub does not count
/// against the rate limit) answers from here. Kept for the activation; it forgets everything when it grows too large.
/// </summary>
internal sealed class GitHubResponseCache : IResponseCache
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, CachedResponse.V1> _responses = new(StringComparer.Ordinal);

    public Task<CachedResponse.V1> GetAsync(IRequest request) =>
        Task.FromResult(_responses.TryGetValue(KeyOf(request), out var response) ? response : null!);

    public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
    {
        if (_responses.Count >= MaxEntries)
        {
            _responses.Clear();
        }

        _responses[KeyOf(request)] = cachedResponse;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A list's <c>since</c> is left out of its key: GitHub's ETags are hashes of the body, so a list asked with a newer
    /// <c>since</c> that would come back the same still gets its 304, and one that differs simply comes back whole.
    /// </summary>
    private static string KeyOf(IRequest request)
    {
        var url = new Uri(request.BaseAddress, request.Endpoint);
        var query = string.Join('&', url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("since=", StringComparison.Ordinal)));
        return $"{url.GetLeftPart(UriPartial.Path)}?{query} {(request.Headers.TryGetValue("Accept", out var accept) ? accept : "")}";
    }
}
