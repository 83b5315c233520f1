using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sophia.Integrations;
using Sophia.Integrations.Mcp;

namespace Sophia.Tests.Integrations.Mcp;

/// <summary>A tenant's MCP server, a real one built with the SDK, seen through the provider: its tools, their calls, their changes and its refusals.</summary>
public sealed partial class McpIntegrationTests : IAsyncLifetime
{
    private const string Token = "docs-token-7";
    private readonly McpIntegration _provider = Provider(allowStdio: false);
    private TestMcpServer _server = null!;

    public async Task InitializeAsync() => _server = await TestMcpServer.StartAsync(bearerToken: Token);

    public async Task DisposeAsync()
    {
        await _provider.CloseAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Its_tools_are_listed_with_prefixed_names_descriptions_and_schemas()
    {
        using var session = Session();

        var tools = await _provider.ToolsAsync(session.Session, default);

        Assert.Equal(["mcp__docs__add", "mcp__docs__echo", "mcp__docs__fail", "mcp__docs__search_docs"], tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.Matches(ToolName(), t.Name));
        Assert.All(tools, t => Assert.Equal("mcp:docs", t.Integration));
        var echo = tools.Single(t => t.Name == "mcp__docs__echo");
        Assert.Equal("Echoes a message back.", echo.Description);
        Assert.Equal("string", JsonNode.Parse(echo.InputSchema)!["properties"]!["message"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tools_are_risky_unless_the_admin_listed_them_as_safe()
    {
        using var session = Session(safeTools: ["echo", "search.docs"]);

        var risky = (await _provider.ToolsAsync(session.Session, default)).ToDictionary(t => t.Name, t => t.Risky);

        Assert.False(risky["mcp__docs__echo"]);
        Assert.False(risky["mcp__docs__search_docs"]);
        Assert.True(risky["mcp__docs__add"]);
        Assert.True(risky["mcp__docs__fail"]);
    }

    [Fact]
    public async Task A_call_passes_its_arguments_to_the_server_under_the_tools_own_name()
    {
        using var session = Session();

        var sum = await _provider.CallAsync(session.Session, "mcp__docs__add", new JsonObject { ["a"] = 2, ["b"] = 40 }, default);
        var docs = await _provider.CallAsync(session.Session, "mcp__docs__search_docs", new JsonObject { ["query"] = "grains" }, default);

        Assert.Equal("42", sum);
        Assert.Equal("Docs about grains: https://docs.example.com/grains", docs);
    }

    [Fact]
    public async Task A_tool_that_reports_an_error_is_answered_as_one()
    {
        using var session = Session();

        var answer = await _provider.CallAsync(session.Session, "mcp__docs__fail", [], default);

        Assert.StartsWith("The MCP server 'docs' reported an error from its tool fail:", answer);
        Assert.Contains("the fail tool always fails", answer);
    }

    [Fact]
    public async Task A_tool_added_on_the_server_is_told_to_the_grain_and_listed_next_time()
    {
        using var session = Session(safeTools: ["release_notes"]);
        await _provider.ToolsAsync(session.Session, default);

        _server.AddTool("release_notes", "Version 2 shipped.");
        await Within.Wait(session.ToolsChangedSeen, "the provider to hear notifications/tools/list_changed");
        var tools = await _provider.ToolsAsync(session.Session, default);
        var answer = await _provider.CallAsync(session.Session, "mcp__docs__release_notes", [], default);

        Assert.False(tools.Single(t => t.Name == "mcp__docs__release_notes").Risky);
        Assert.Equal("Version 2 shipped.", answer);
    }

    [Fact]
    public async Task A_missing_header_is_refused_naming_the_url_and_the_status()
    {
        using var session = Session(headers: []);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(session.Session, default));

        Assert.Equal($"The MCP server at {_server.Url} refused the connection: HTTP 401 Unauthorized. Check the headers (such as Authorization) given with the server.", refusal.Message);
    }

    [Fact]
    public async Task A_wrong_header_value_is_refused_without_being_repeated()
    {
        using var session = Session(headers: new() { ["Authorization"] = "Bearer wrong-secret-9" });

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(session.Session, default));

        Assert.Contains("HTTP 401", refusal.Message);
        Assert.DoesNotContain("wrong-secret-9", refusal.Message);
    }

    [Fact]
    public async Task A_server_nobody_answers_at_is_refused_naming_the_url()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/mcp";
        using var session = new ProviderSession("mcp:docs", _provider.Parse(new JsonObject { ["url"] = url }));

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(session.Session, default));

        Assert.StartsWith($"The MCP server at {url} could not be reached", refusal.Message);
    }

    [Fact]
    public void Header_values_are_secrets_and_only_their_names_are_shown()
    {
        var parsed = _provider.Parse(new JsonObject
        {
            ["url"] = _server.Url,
            ["headers"] = new JsonObject { ["Authorization"] = $"Bearer {Token}" },
            ["safeTools"] = new JsonArray("echo"),
        });

        Assert.DoesNotContain(Token, parsed.Settings.ToJsonString());
        Assert.Equal("Authorization", parsed.Settings["headers"]![0]!.GetValue<string>());
        Assert.Equal($"Bearer {Token}", parsed.Secrets["header:Authorization"]);
    }

    [Fact]
    public void A_command_server_is_refused_unless_the_operator_allows_stdio()
    {
        var body = new JsonObject { ["command"] = "npx", ["args"] = new JsonArray("-y", "some-mcp-server"), ["env"] = new JsonObject { ["API_KEY"] = "k-1" } };

        var refusal = Assert.Throws<IntegrationRefusedException>(() => _provider.Parse(body));
        var allowed = Provider(allowStdio: true).Parse(body);

        Assert.Contains("Sophia:Integrations:Mcp:AllowStdio", refusal.Message);
        Assert.Equal("stdio", allowed.Settings["transport"]!.GetValue<string>());
        Assert.DoesNotContain("k-1", allowed.Settings.ToJsonString());
        Assert.Equal("k-1", allowed.Secrets["env:API_KEY"]);
    }

    [Theory]
    [InlineData("""{}""", "Give either url")]
    [InlineData("""{"url":"file:///etc/passwd"}""", "is not an absolute http or https URL")]
    [InlineData("""{"url":"https://mcp.example.com","headers":{"Authorization":5}}""", "headers must be an object of names to string values")]
    [InlineData("""{"url":"https://mcp.example.com","headers":{"Content-Type":"text/plain"}}""", "headers: 'Content-Type' cannot be sent as a request header")]
    [InlineData("""{"url":"https://mcp.example.com","safeTools":"echo"}""", "safeTools must be an array of strings")]
    public void Bad_settings_are_refused_saying_what_to_fix(string body, string refusal)
    {
        var error = Assert.Throws<IntegrationRefusedException>(() => _provider.Parse(JsonNode.Parse(body)!.AsObject()));

        Assert.Contains(refusal, error.Message);
    }

    [Fact]
    public void Tool_names_are_cut_and_numbered_to_stay_valid_function_names()
    {
        var names = McpToolNames.Assign("a-rather-long-server-name-here", ["get issue/comments (v2)", "get issue/comments (v3)", new string('x', 80), new string('x', 80)]);

        Assert.All(names, n => Assert.Matches(ToolName(), n.Name));
        Assert.Equal(names.Count, names.Select(n => n.Name).Distinct().Count());
        Assert.Equal("mcp__a-rather-long-server-name-here__get_issue_comments__v2_", names[0].Name);
        Assert.EndsWith("_2", names[3].Name);
    }

    private ProviderSession Session(string[]? safeTools = null, Dictionary<string, string>? headers = null)
    {
        var body = new JsonObject
        {
            ["url"] = _server.Url,
            ["headers"] = new JsonObject((headers ?? new() { ["Authorization"] = $"Bearer {Token}" }).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["safeTools"] = new JsonArray([.. (safeTools ?? []).Select(t => (JsonNode)t)]),
        };
        return new ProviderSession(IntegrationNames.Mcp("docs"), _provider.Parse(body));
    }

    private static McpIntegration Provider(bool allowStdio) =>
        new(Options.Create(new McpIntegrationOptions { AllowStdio = allowStdio }), NullLoggerFactory.Instance);

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
