using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Integrations;

/// <summary>A tenant admin connects web search and an MCP server through REST, and their tools answer in a conversation.</summary>
public sealed class IntegrationRestTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private SophiaServer _server = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _server = await SophiaServer.StartAsync(_data.Path);
        _token = await _server.TokenAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Web_search_connected_by_rest_answers_numbered_results_with_urls()
    {
        await using var searxng = await SearxngServer.StartAsync(new Dictionary<string, SearxngServer.Result[]>
        {
            ["orleans"] = [new("Microsoft Orleans", "https://learn.example.com/orleans", "A framework for distributed .NET apps.")],
        });

        var put = await PutAsync("/api/integrations/web-search", new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl, ["apiKey"] = "never-shown" });
        var tools = await GetToolsAsync("/api/integrations/web-search/tools");
        var answer = await AnswerAsync("/run web_search orleans");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain("never-shown", await put.Content.ReadAsStringAsync());
        Assert.Contains("web_search", tools);
        Assert.Contains("[1] Microsoft Orleans — https://learn.example.com/orleans", answer);
        Assert.Contains("Cite a result you use as [n] with its URL.", answer);
    }

    [Fact]
    public async Task An_mcp_server_connected_by_rest_offers_prefixed_tools_that_answer_from_the_server()
    {
        await using var mcp = await TestMcpServer.StartAsync(bearerToken: "mcp-secret-3");

        var put = await PutAsync("/api/integrations/mcp/docs", new JsonObject
        {
            ["url"] = mcp.Url,
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer mcp-secret-3" },
            ["safeTools"] = new JsonArray("echo"),
        });
        var tools = await GetToolsAsync("/api/integrations/mcp/docs/tools");
        var listed = await AnswerAsync("/tools");
        var answer = await AnswerAsync("""/run mcp__docs__echo {"message":"hello"}""");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain("mcp-secret-3", await put.Content.ReadAsStringAsync());
        Assert.Contains("mcp__docs__echo", tools);
        Assert.Contains("mcp__docs__search_docs", tools);
        Assert.Contains("mcp__docs__echo", listed);
        Assert.Contains("mcp__docs__add", listed);
        Assert.Contains("echo: hello", answer);
    }

    [Fact]
    public async Task An_mcp_server_refusing_the_missing_header_is_a_400_naming_the_url_and_status()
    {
        await using var mcp = await TestMcpServer.StartAsync(bearerToken: "mcp-secret-3");

        var put = await PutAsync("/api/integrations/mcp/docs", new JsonObject { ["url"] = mcp.Url });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains($"The MCP server at {mcp.Url} refused the connection: HTTP 401 Unauthorized.", await put.Content.ReadAsStringAsync());
    }

    /// <summary>Sends <paramref name="text"/> in a new conversation and returns the answer's message.</summary>
    private async Task<string> AnswerAsync(string text)
    {
        await using var hub = await _server.ConnectAsync(_token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Integrations");
        await hub.InvokeAsync<long>("SendMessage", id, text);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Done, $"the answer to '{text}'");
        return events.Last(e => e.Type == ChatEventTypes.Message).Text;
    }

    private async Task<HttpResponseMessage> PutAsync(string path, JsonObject body)
    {
        var request = _server.Request(HttpMethod.Put, path, _token);
        request.Content = JsonContent.Create(body);
        return await _server.Http.SendAsync(request);
    }

    private async Task<string> GetToolsAsync(string path)
    {
        var response = await _server.Http.SendAsync(_server.Request(HttpMethod.Get, path, _token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
