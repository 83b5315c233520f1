using System.Net;

namespace Sophia.Tests.Infrastructure;

/// <summary>An HTTP client that keeps cookies and follows redirects one hop at a time, across sites, as a browser does.</summary>
public sealed class BrowserClient : IDisposable
{
    private const int MaxHops = 10;

    private readonly HttpClient _http;

    public BrowserClient(string baseUrl)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Follows <paramref name="path"/>'s redirects; returns every URL visited, the first included, and the last answer.</summary>
    public async Task<(List<Uri> Visited, HttpResponseMessage Last)> NavigateAsync(string path)
    {
        var url = new Uri(_http.BaseAddress!, path);
        var visited = new List<Uri> { url };
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var response = await _http.GetAsync(url);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return (visited, response);
            }

            response.Dispose();
            url = new Uri(url, location);
            visited.Add(url);
        }

        throw new InvalidOperationException($"More than {MaxHops} redirects: {string.Join(" -> ", visited)}");
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public void Dispose() => _http.Dispose();
}
