using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// A chat's incoming webhook (Slack-style <c>{"text": ...}</c> POSTs), recording what it receives; it also takes
/// Alertmanager's webhook POSTs, whose whole bodies land in <see cref="Bodies"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public ConcurrentQueue<string> Posts { get; } = new();

    public ConcurrentQueue<JsonElement> Bodies { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, $"{baseUrl}/hooks/team");
        app.MapPost("/hooks/team", async (HttpContext context) =>
        {
            var body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
            receiver.Bodies.Enqueue(body);
            if (body.TryGetProperty("text", out var text))
            {
                receiver.Posts.Enqueue(text.GetString()!);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
