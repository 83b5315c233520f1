using Sophia.Integrations;
using Sophia.Tests.Auth;

namespace Sophia.Tests.Mcp;

/// <summary>The tools of a tenant's connected integrations reach that tenant's MCP clients, the safe ones only, run by the integration's grain.</summary>
[Collection(McpServerCollection.Name)]
public sealed class McpIntegrationToolTests(McpServerFixture fixture)
{
    private const string Schema = """{"type":"object","properties":{"query":{"type":"string","description":"What to search the web for."}},"required":["query"]}""";

    private SophiaServer Server => fixture.Server;

    [Fact]
    public async Task A_connected_integrations_safe_tool_is_offered_to_its_tenant_only_and_its_risky_tool_never()
    {
        // What an integration records in its tenant's registry when it connects (no provider is registered in this build).
        using (OperatorClient.Enter())
        {
            await Server.Grains.GetGrain<IIntegrationRegistryGrain>("default").SetAsync(IntegrationNames.WebSearch,
            [
                new IntegrationToolSpec("web_search", IntegrationNames.WebSearch, "Searches the web.", Schema, Risky: false),
                new IntegrationToolSpec("web_publish", IntegrationNames.WebSearch, "Publishes a page.", Schema, Risky: true),
            ]);
        }

        const string Password = "initech-owner-password";
        Assert.Equal(201, (await Api.PostAsync(Server.Http, "/api/tenants", await Server.TokenAsync(), new { tenant = "mcp-initech", owner = new { username = "bill", password = Password } })).Status);
        await using var ours = await McpConnection.OpenAsync(Server, await Server.CreateUserAsync("mcp-integrator"));
        await using var theirs = await McpConnection.OpenAsync(Server, await Api.TokenAsync(Server.Http, "bill", Password, "mcp-initech"));

        var tools = await ours.Client.ListToolsAsync();
        var search = tools.Single(t => t.Name == "web_search");
        var answer = await ours.CallAsync("web_search", new { query = "orleans" });
        var risky = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => ours.CallAsync("web_publish", new { query = "x" }));

        Assert.Equal("Searches the web.", search.Description);
        Assert.Equal("query", search.JsonSchema.GetProperty("required")[0].GetString());
        Assert.DoesNotContain("web_publish", tools.Select(t => t.Name));
        Assert.Contains("web_search", await ours.ToolNamesAsync());
        Assert.DoesNotContain("web_search", await theirs.ToolNamesAsync());
        // The call reached the tenant's web-search integration, which answers that nobody connected it.
        Assert.Contains("not connected", McpConnection.TextOf(answer));
        Assert.Contains("tools/list", risky.Message);
    }
}
