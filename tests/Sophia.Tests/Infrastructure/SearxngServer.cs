using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// A SearXNG instance on loopback answering its search API as SearXNG does: <c>GET /search</c> (or <c>/</c>) with
/// <c>q</c> and <c>format</c>; 403 for a format its <c>search.formats</c> leaves out; JSON with <c>results[]</c>,
/// <c>answers</c>, <c>suggestions</c> and <c>unresponsive_engines</c>. Optionally behind a proxy that wants a bearer key.
/// </summary>
public sealed class SearxngServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SearxngServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public string BaseUrl { get; }

    public ConcurrentQueue<string> Queries { get; } = new();

    public sealed record Result(string Title, string Url, string Content);

    public static async Task<SearxngServer> StartAsync(
        IReadOnlyDictionary<string, Result[]> results, string[]? formats = null, string? bearerKey = null)
    {
        formats ??= ["html", "json"];
        var baseUrl = $"http://{WebPageServer.Host}:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new SearxngServer(app, baseUrl);

        IResult Search(HttpContext http)
        {
            if (bearerKey is not null && http.Request.Headers.Authorization.ToString() != $"Bearer {bearerKey}")
            {
                return Results.Text("401 Unauthorized", "text/plain", statusCode: 401);
            }

            var format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "html";
            if (!formats.Contains(format))
            {
                return Results.Text("<html><body><h1>Forbidden</h1></body></html>", "text/html", statusCode: 403);
            }

            var q = http.Request.Query["q"].ToString();
            if (q.Length == 0)
            {
                return Results.Json(new { error = "search error" }, statusCode: 400);
            }

            server.Queries.Enqueue(q);
            var found = results.TryGetValue(q, out var r) ? r : [];
            return Results.Json(new Dictionary<string, object>
            {
                ["query"] = q,
                ["number_of_results"] = 0,
                ["results"] = found.Select((x, i) => new Dictionary<string, object>
                {
                    ["url"] = x.Url,
                    ["title"] = x.Title,
                    ["content"] = x.Content,
                    ["engine"] = "duckduckgo",
                    ["parsed_url"] = new[] { new Uri(x.Url).Scheme, new Uri(x.Url).Authority, new Uri(x.Url).AbsolutePath, "", "", "" },
                    ["template"] = "default.html",
                    ["engines"] = new[] { "duckduckgo", "brave" },
                    ["positions"] = new[] { i + 1 },
                    ["score"] = 2.0 / (i + 1),
                    ["category"] = "general",
                }).ToArray(),
                ["answers"] = Array.Empty<object>(),
                ["corrections"] = Array.Empty<object>(),
                ["infoboxes"] = Array.Empty<object>(),
                ["suggestions"] = Array.Empty<object>(),
                ["unresponsive_engines"] = found.Length == 0 ? new[] { new[] { "google", "timeout" } } : [],
            });
        }

        app.MapGet("/search", Search);
        app.MapGet("/", Search);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
