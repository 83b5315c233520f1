using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Web;

/// <summary>A website on loopback that does what a hostile one would: redirects inward, chains redirects, never ends a body.</summary>
public sealed class TrickyWebsite : IAsyncDisposable
{
    public const string Article = """
        <html><head><title>Quarterly report</title><style>body { color: red }</style><script>var secret = "tracking-code";</script></head>
        <body><h1>Revenue</h1><p>Revenue grew by 12&nbsp;% &amp; costs fell.</p><noscript>Enable scripts</noscript><ul><li>First</li><li>Second</li></ul></body></html>
        """;

    private readonly WebApplication _app;

    private TrickyWebsite(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    public ConcurrentDictionary<string, int> Reads { get; } = new();

    /// <summary>A URL of this website under the given host name (the server listens on 127.0.0.1 whatever it is called).</summary>
    public string Url(string path, string host = WebPageServer.Host) => $"http://{host}:{Port}/{path.TrimStart('/')}";

    public static async Task<TrickyWebsite> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{WebPageServer.Host}:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var site = new TrickyWebsite(app, port);
        app.MapGet("/article", () => site.Read("article", Results.Content(Article, "text/html; charset=utf-8")));
        app.MapGet("/secret", () => site.Read("secret", Results.Text("the admin password is hunter2")));
        app.MapGet("/redirect", (string to) => site.Read("redirect", Results.Redirect(to)));
        app.MapGet("/hops/{left:int}", (int left) => site.Read($"hops/{left}", left == 0 ? Results.Text("arrived") : Results.Redirect($"/hops/{left - 1}")));
        app.MapGet("/endless", async (HttpContext context) =>
        {
            site.Read("endless", Results.Empty);
            context.Response.ContentType = "text/plain";
            var line = "all work and no play makes a page that never ends\n"u8.ToArray();
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(line, context.RequestAborted);
            }
        });
        await app.StartAsync();
        return site;
    }

    private IResult Read(string page, IResult result)
    {
        Reads.AddOrUpdate(page, 1, (_, n) => n + 1);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
