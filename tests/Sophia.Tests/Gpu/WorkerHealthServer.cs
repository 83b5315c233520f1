using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Gpu;

/// <summary>Stands in for the embedding workers' health endpoint on loopback: the port every local "instance" serves on.</summary>
public sealed class WorkerHealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkerHealthServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>While false, <c>GET /health</c> answers 503, as a worker still loading its model does.</summary>
    public bool Healthy { get; set; } = true;

    /// <summary>Starts the server; with <paramref name="apiKey"/>, /health answers 401 to requests without that bearer key.</summary>
    public static async Task<WorkerHealthServer> StartAsync(string? apiKey = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new WorkerHealthServer(app, port);
        app.MapGet("/health", (HttpRequest request) =>
            apiKey is not null && request.Headers.Authorization != $"Bearer {apiKey}" ? Results.StatusCode(401)
            : server.Healthy ? Results.Ok()
            : Results.StatusCode(503));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
