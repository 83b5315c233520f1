using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Integrations.GitHub;

namespace Sophia.Tests.Integrations;

/// <summary>
/// A tenant admin connects GitHub, a search API and an MCP server over REST; asked a question, the assistant calls a
/// tool of each and its answer cites what each returned.
/// </summary>
public sealed class CitedAnswerTests
{
    private const string GitHubToken = "ghp_cited";
    private const string McpToken = "mcp-cited-9";

    [Fact]
    public async Task The_assistant_answers_from_a_github_issue_a_search_result_and_an_mcp_tool_citing_each()
    {
        using var data = new TempFolder();
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens[GitHubToken] = "octocat";
        github.Data.AddRepository("acme/billing").AddIssue("Invoices are late", "The nightly invoice job stopped on Monday.", github.Time.GetUtcNow());
        await using var searxng = await SearxngServer.StartAsync(new Dictionary<string, SearxngServer.Result[]>
        {
            ["invoice job stopped"] = [new("Cron jobs that stop", "https://ops.example.com/cron-stops", "A job stops when its lock is never released.")],
        });
        await using var mcp = await TestMcpServer.StartAsync(bearerToken: McpToken);
        await using var model = await OpenAiCompatibleServer.StartAsync();
        model.Responder = CitingModel.Calling("The nightly invoice job stopped: ",
            ("github_read_issue", """{"repository":"acme/billing","number":1}"""),
            ("web_search", """{"query":"invoice job stopped"}"""),
            ("mcp__docs__search_docs", """{"query":"invoice job"}"""));
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        var admin = await sophia.TokenAsync();

        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/github", GitHubUnderTest.TokenBody(github, GitHubToken, "acme/billing"));
        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/web-search", new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });
        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/mcp/docs", new JsonObject
        {
            ["url"] = mcp.Url,
            ["headers"] = new JsonObject { ["Authorization"] = $"Bearer {McpToken}" },
            ["safeTools"] = new JsonArray("search.docs"),
        });
        await using var hub = await sophia.ConnectAsync(admin);
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "Invoices");
        await hub.InvokeAsync<long>("SendMessage", conversation, "Why are the invoices late?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, 0L), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the cited answer");

        var ranTools = events.Where(e => e is { Type: ChatEventTypes.Step, Step.Status: "done" }).Select(e => e.Step!.Tool).ToList();
        var answer = string.Concat(events.Where(e => e.Type == ChatEventTypes.Delta).Select(e => e.Text));
        Assert.Equal(["github_read_issue", "web_search", "mcp__docs__search_docs"], ranTools);
        Assert.Contains("[1] https://github.com/acme/billing/issues/1", answer);
        Assert.Contains("[2] https://ops.example.com/cron-stops", answer);
        Assert.Contains("[3] https://docs.example.com/invoice%20job", answer);
    }
}
