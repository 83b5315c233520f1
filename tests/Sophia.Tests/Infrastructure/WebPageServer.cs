using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>A small website on loopback that the research tools read, counting every read of each page.</summary>
public sealed class WebPageServer : IAsyncDisposable
{
    /// <summary>The host every such website listens on; Sophia reads it only where it is in <c>Sophia:Tools:Web:AllowedHosts</c>.</summary>
    public const string Host = "127.0.0.1";

    private readonly WebApplication _app;
    private readonly string _baseUrl;

    private WebPageServer(WebApplication app, string baseUrl) => (_app, _baseUrl) = (app, baseUrl);

    public ConcurrentDictionary<string, int> Reads { get; } = new();

    public string UrlOf(string page) => $"{_baseUrl}/{page}";

    public static async Task<WebPageServer> StartAsync(IReadOnlyDictionary<string, string> pages)
    {
        var baseUrl = $"http://{Host}:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new WebPageServer(app, baseUrl);
        app.MapGet("/{page}", (string page) =>
        {
            server.Reads.AddOrUpdate(page, 1, (_, n) => n + 1);
            return pages.TryGetValue(page, out var html) ? Results.Content(html, "text/html") : Results.NotFound();
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
