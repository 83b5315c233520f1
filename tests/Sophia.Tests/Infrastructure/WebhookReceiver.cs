using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// A chat's incoming webhook (Slack-style <c>{"text": ...}</c> POSTs to <see cref="Url"/>), recording what it receives,
/// and taking Alertmanager's webhook POSTs, whose whole bodies land in <see cref="Bodies"/>; and at <see cref="EventsUrl"/>
/// a receiver of Sophia's signed event deliveries, which can be told to fail first.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public ConcurrentQueue<string> Posts { get; } = new();

    public ConcurrentQueue<JsonElement> Bodies { get; } = new();

    public string EventsUrl => Url.Replace("/hooks/team", "/events", StringComparison.Ordinal);

    /// <summary>Every POST to <see cref="EventsUrl"/>, whatever it was answered, in arrival order.</summary>
    public ConcurrentQueue<ReceivedDelivery> Deliveries { get; } = new();

    /// <summary>How many of the next POSTs to <see cref="EventsUrl"/> are answered 500; negative: all of them.</summary>
    public int FailNext { get; set; }

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
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var failing = receiver.FailNext != 0;
            receiver.FailNext -= receiver.FailNext > 0 ? 1 : 0;
            receiver.Deliveries.Enqueue(new ReceivedDelivery(headers, body.ToArray(), failing ? 500 : 200));
            return failing ? Results.StatusCode(500) : Results.Ok();
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

/// <summary>One POST as the receiver saw it, and the status it answered.</summary>
public sealed record ReceivedDelivery(IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus);
