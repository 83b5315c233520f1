using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// The Brave Search API on loopback as Brave documents it: <c>GET /res/v1/web/search</c> with <c>q</c> (at most 400
/// characters), <c>count</c> (1–20) and <c>text_decorations</c>; the key in <c>X-Subscription-Token</c>; the free plan's
/// 1 request a second; <c>X-RateLimit-*</c> headers; errors as an <c>ErrorResponse</c> (422 for a bad token or
/// parameter, 429 past the rate).
/// </summary>
public sealed class BraveSearchServer : IAsyncDisposable
{
    public const long MonthlyQuota = 2000;

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private DateTimeOffset _lastSecond = DateTimeOffset.MinValue;
    private long _used;

    private BraveSearchServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public string BaseUrl { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public sealed record Result(string Title, string Url, string Description);

    public static async Task<BraveSearchServer> StartAsync(string token, IReadOnlyDictionary<string, Result[]> results, TimeProvider time)
    {
        var baseUrl = $"http://{WebPageServer.Host}:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new BraveSearchServer(app, baseUrl);

        app.MapGet("/res/v1/web/search", (HttpContext http) =>
        {
            server.Requests.Enqueue(http.Request.QueryString.Value ?? "");
            if (http.Request.Headers["X-Subscription-Token"].ToString() != token)
            {
                return Error(422, "SUBSCRIPTION_TOKEN_INVALID", "The provided subscription token is invalid.", new { component = "authentication" });
            }

            var q = http.Request.Query["q"].ToString();
            var count = http.Request.Query["count"].ToString() is { Length: > 0 } c ? int.Parse(c) : 20;
            if (q.Length == 0 || q.Length > 400 || count is < 1 or > 20)
            {
                return Error(422, "VALIDATION", "Unable to validate request parameter(s)", new { errors = new[] { new { type = "value_error", loc = new[] { "query", q.Length == 0 || q.Length > 400 ? "q" : "count" } } } });
            }

            var now = time.GetUtcNow();
            var second = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            lock (server._gate)
            {
                if (second == server._lastSecond)
                {
                    server.Headers(http, now, 0);
                    return Error(429, "RATE_LIMITED", "Request rate limit exceeded for plan.", new { plan = "Free", rate_limit = 1, rate_current = 2, quota_limit = MonthlyQuota, quota_current = server._used, component = "rate_limiter" });
                }

                server._lastSecond = second;
                server._used++;
            }

            server.Headers(http, now, 0);
            var decorate = http.Request.Query["text_decorations"].ToString() is not ("false" or "0");
            var found = (results.TryGetValue(q, out var r) ? r : []).Take(count);
            return Results.Json(new Dictionary<string, object>
            {
                ["type"] = "search",
                ["query"] = new { original = q, more_results_available = false },
                ["web"] = new Dictionary<string, object>
                {
                    ["type"] = "search",
                    ["family_friendly"] = true,
                    ["results"] = found.Select(x => new Dictionary<string, object>
                    {
                        ["type"] = "search_result",
                        ["title"] = x.Title,
                        ["url"] = x.Url,
                        ["description"] = decorate ? Decorate(x.Description, q) : x.Description,
                        ["is_source_local"] = false,
                        ["is_source_both"] = false,
                        ["language"] = "en",
                        ["family_friendly"] = true,
                        ["meta_url"] = new { scheme = new Uri(x.Url).Scheme, netloc = new Uri(x.Url).Authority, hostname = new Uri(x.Url).Host, path = new Uri(x.Url).AbsolutePath },
                    }).ToArray(),
                },
            });
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Headers(HttpContext http, DateTimeOffset now, long secondRemaining)
    {
        var monthEnd = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        http.Response.Headers["X-RateLimit-Limit"] = $"1, {MonthlyQuota}";
        http.Response.Headers["X-RateLimit-Policy"] = $"1;w=1, {MonthlyQuota};w=2592000";
        http.Response.Headers["X-RateLimit-Remaining"] = $"{secondRemaining}, {MonthlyQuota - _used}";
        http.Response.Headers["X-RateLimit-Reset"] = $"1, {(long)(monthEnd - now).TotalSeconds}";
    }

    private static IResult Error(int status, string code, string detail, object meta) => Results.Json(new
    {
        type = "ErrorResponse",
        error = new { id = Guid.NewGuid().ToString(), status, code, detail, meta },
        time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
    }, statusCode: status);

    private static string Decorate(string text, string query)
    {
        foreach (var word in query.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            text = Regex.Replace(text, $@"\b{Regex.Escape(word)}\b", m => $"<strong>{m.Value}</strong>", RegexOptions.IgnoreCase);
        }

        return text;
    }
}
