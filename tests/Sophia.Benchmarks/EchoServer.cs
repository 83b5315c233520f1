using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sophia.Tests.Infrastructure;

namespace Sophia.Benchmarks;

/// <summary>The baseline: a bare SignalR hub on Kestrel that sends each message straight back to its caller.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public static async Task<EchoServer> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<EchoHub>("/hubs/echo");
        await app.StartAsync();
        return new EchoServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EchoHub : Hub
    {
        public Task Echo(string key, string text) => Clients.Caller.SendAsync("echo", key, text);
    }
}
