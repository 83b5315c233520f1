using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// A real MCP server (the official SDK) on loopback at <c>/mcp</c> over streamable HTTP, with a few tools
/// (<c>echo</c>, <c>add</c>, <c>search.docs</c>, whose name agents cannot use as it is, and <c>fail</c>, which reports an
/// error), optionally behind a required bearer token; tools added at run time send <c>notifications/tools/list_changed</c>.
/// </summary>
public sealed class TestMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestMcpServer(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public static async Task<TestMcpServer> StartAsync(string? bearerToken = null)
    {
        var url = $"http://{WebPageServer.Host}:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "test-docs", Version = "1.0" })
            // Stateless servers (the SDK's default) have no channel for unsolicited notifications; sessions do.
            .WithHttpTransport(o => o.Stateless = false)
            .WithTools(
            [
                McpServerTool.Create(([Description("What to echo.")] string message) => $"echo: {message}",
                    new() { Name = "echo", Description = "Echoes a message back." }),
                McpServerTool.Create((int a, int b) => (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new() { Name = "add", Description = "Adds two numbers." }),
                McpServerTool.Create(([Description("Words to look for.")] string query) => $"Docs about {query}: https://docs.example.com/{Uri.EscapeDataString(query)}",
                    new() { Name = "search.docs", Description = "Searches the team's documentation." }),
                McpServerTool.Create(string () => throw new McpException("the fail tool always fails"),
                    new() { Name = "fail", Description = "Always reports an error." }),
            ]);
        var app = builder.Build();
        if (bearerToken is not null)
        {
            app.Use(async (http, next) =>
            {
                if (http.Request.Headers.Authorization.ToString() != $"Bearer {bearerToken}")
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(http);
            });
        }

        app.MapMcp("/mcp");
        await app.StartAsync();
        return new TestMcpServer(app, url + "/mcp");
    }

    /// <summary>Adds a tool while clients are connected; the SDK tells them the list changed.</summary>
    public void AddTool(string name, string answer) =>
        _app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!
            .Add(McpServerTool.Create(() => answer, new() { Name = name, Description = $"Answers {answer}." }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
