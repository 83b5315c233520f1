using Microsoft.AspNetCore.SignalR;

namespace Sophia.Load;

/// <summary>The baseline: a bare SignalR hub that answers each message at once, and the same for an HTTP chat completion.</summary>
public static class EchoHub
{
    public static async Task<int> RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<Hub>("/hubs/echo");
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
            return Results.Json(new { @object = "chat.completion", choices = new[] { new { index = 0, message = new { role = "assistant", content = "ok" } } } });
        });
        await app.RunAsync();
        return 0;
    }

    private sealed class Hub : Microsoft.AspNetCore.SignalR.Hub
    {
        public Task Echo(string key, string text) => Clients.Caller.SendAsync("echo", key, text);
    }
}
