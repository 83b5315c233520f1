using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Audit;
using Sophia.Tests.Auth;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Mcp;

/// <summary>Sophia's tools at <c>/mcp</c> as an MCP client sees them: listed for the caller, searching their memory, asking Sophia.</summary>
[Collection(McpServerCollection.Name)]
public sealed class McpServerTests(McpServerFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    [Fact]
    public async Task A_signed_in_user_is_offered_search_memory_and_ask_sophia()
    {
        await using var mcp = await McpConnection.OpenAsync(Server, await Server.TokenAsync());

        var tools = await mcp.Client.ListToolsAsync();

        Assert.Contains("search_memory", tools.Select(t => t.Name));
        Assert.Contains("ask_sophia", tools.Select(t => t.Name));
        var search = tools.Single(t => t.Name == "search_memory");
        Assert.Equal(["query"], search.JsonSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Search_memory_finds_an_uploaded_document_with_its_source_and_the_call_is_audited()
    {
        var token = await Server.TokenAsync();
        await McpConnection.UploadAsync(Server, token, "user", MemoryCorpus.Zephyr.DocumentName, $"# Zephyr plan\n\n{MemoryCorpus.Zephyr.Fact}\n");
        await using var mcp = await McpConnection.OpenAsync(Server, token);

        var result = await mcp.CallAsync("search_memory", new { query = MemoryCorpus.Zephyr.Question });

        var text = McpConnection.TextOf(result);
        Assert.NotEqual(true, result.IsError);
        Assert.StartsWith($"[1] {MemoryCorpus.Zephyr.DocumentName}", text);
        Assert.Contains("Kourou", text);
        var audit = await Api.GetAsync(Server.Http, "/api/audit?action=tool&limit=50", token);
        var entry = audit.Body.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("target").GetString() == "search_memory");
        Assert.Equal(("admin", AuditOutcomes.Succeeded, "mcp"), (entry.GetProperty("actor").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("detail").GetProperty("via").GetString()));
        Assert.DoesNotContain("Zephyr", entry.GetRawText());
    }

    [Fact]
    public async Task Bad_arguments_and_unknown_tools_say_what_to_fix()
    {
        await using var mcp = await McpConnection.OpenAsync(Server, await Server.TokenAsync());

        var empty = await mcp.CallAsync("search_memory", new { query = " " });
        var unknown = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => mcp.CallAsync("github_delete_everything", new { }));

        Assert.True(empty.IsError);
        Assert.Contains("\"query\"", McpConnection.TextOf(empty));
        Assert.Contains("tools/list", unknown.Message);
    }

    [Fact]
    public async Task Ask_sophia_answers_with_the_models_reply_and_continues_the_conversation_it_names()
    {
        await using var mcp = await McpConnection.OpenAsync(Server, await Server.CreateUserAsync("mcp-asker"));
        var first = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["The ", "launch ", "is ", "in ", "March."], TokenDelay = TimeSpan.Zero });

        var answer = await mcp.CallAsync("ask_sophia", new { message = "When is the launch?" });

        Assert.NotEqual(true, answer.IsError);
        Assert.StartsWith(first.Text, McpConnection.TextOf(answer));
        var structured = answer.StructuredContent!.Value;
        Assert.Equal(first.Text, structured.GetProperty("answer").GetString());
        var conversationId = structured.GetProperty("conversationId").GetString()!;

        var second = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["From ", "Kourou."], TokenDelay = TimeSpan.Zero });
        var followUp = await mcp.CallAsync("ask_sophia", new { message = "From where?", conversationId });

        Assert.Equal((second.Text, conversationId), (followUp.StructuredContent!.Value.GetProperty("answer").GetString(), followUp.StructuredContent.Value.GetProperty("conversationId").GetString()));
        Assert.Contains(("user", "When is the launch?"), fixture.Model.Requests.Last().Messages);
        var elsewhere = await mcp.CallAsync("ask_sophia", new { message = "Hello", conversationId = "not-one-of-yours" });
        Assert.True(elsewhere.IsError);
        Assert.Contains("no conversation 'not-one-of-yours'", McpConnection.TextOf(elsewhere));
    }

    [Fact]
    public async Task An_api_key_works_like_a_token()
    {
        var token = await Server.CreateUserAsync("mcp-keyholder");
        var created = await Api.PostAsync(Server.Http, "/api/keys", token, new { name = "mcp client" });
        Assert.Equal(201, created.Status);

        await using var mcp = await McpConnection.OpenAsync(Server, created.Body.GetProperty("key").GetString()!);
        var result = await mcp.CallAsync("search_memory", new { query = "anything at all" });

        Assert.Contains("search_memory", await mcp.ToolNamesAsync());
        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public async Task A_caller_past_the_tool_call_quota_gets_a_tool_error_saying_so()
    {
        var token = await Server.CreateUserAsync("mcp-thrifty");
        using var limit = Server.Request(HttpMethod.Put, "/api/users/mcp-thrifty/quota", await Server.TokenAsync());
        limit.Content = JsonContent.Create(new { toolCallsPerDay = 1 });
        Assert.True((await Server.Http.SendAsync(limit)).IsSuccessStatusCode);
        await using var mcp = await McpConnection.OpenAsync(Server, token);

        var allowed = await mcp.CallAsync("search_memory", new { query = "first" });
        var refused = await mcp.CallAsync("search_memory", new { query = "second" });

        Assert.NotEqual(true, allowed.IsError);
        Assert.True(refused.IsError);
        Assert.Contains("tool calls per day", McpConnection.TextOf(refused));
    }

    [Fact]
    public async Task Another_tenants_user_finds_nothing_of_the_first_tenants_memory()
    {
        var admin = await Server.TokenAsync();
        const string Password = "acme-owner-password";
        Assert.Equal(201, (await Api.PostAsync(Server.Http, "/api/tenants", admin, new { tenant = "mcp-acme", owner = new { username = "wile", password = Password } })).Status);
        var wile = await Api.TokenAsync(Server.Http, "wile", Password, "mcp-acme");
        await McpConnection.UploadAsync(Server, admin, "tenant", "lisbon-office.md", $"# Lisbon office\n\n{MemoryCorpus.Wifi.Fact}\n");
        await McpConnection.UploadAsync(Server, wile, "tenant", "acme-sales.md", $"# Sales\n\n{MemoryCorpus.Renewal.Fact}\n");
        await using var ours = await McpConnection.OpenAsync(Server, admin);
        await using var theirs = await McpConnection.OpenAsync(Server, wile);

        var found = McpConnection.TextOf(await ours.CallAsync("search_memory", new { query = MemoryCorpus.Wifi.Question }));
        var across = McpConnection.TextOf(await theirs.CallAsync("search_memory", new { query = MemoryCorpus.Wifi.Question }));

        Assert.Contains("lisbon-office.md", found);
        Assert.DoesNotContain("lisbon-office.md", across);
        Assert.DoesNotContain(MemoryCorpus.Wifi.Fact, across);
        Assert.Contains("acme-sales.md", across);
    }
}
