using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sophia.Integrations;
using Sophia.ClientApi.Mcp;

namespace Sophia.Tests.Mcp;

/// <summary>How an MCP client learns to authenticate at <c>/mcp</c>: a 401 naming the resource metadata, and that document (RFC 9728).</summary>
[Collection(McpServerCollection.Name)]
public sealed class McpAuthTests(McpServerFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    [Fact]
    public async Task Without_credentials_mcp_answers_401_naming_the_resource_metadata()
    {
        using var anonymous = await Server.Http.SendAsync(ToolsList());
        using var forged = ToolsList();
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var refused = await Server.Http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{Server.BaseUrl}/.well-known/oauth-protected-resource\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => McpConnection.OpenAsync(Server, "not-a-token"));
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource")]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    public async Task The_resource_metadata_names_the_resource_its_issuer_and_the_header(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var metadata = body.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Server.BaseUrl}/mcp", metadata.GetProperty("resource").GetString());
        Assert.Equal([Server.BaseUrl], metadata.GetProperty("authorization_servers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["header"], metadata.GetProperty("bearer_methods_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Sophia", metadata.GetProperty("resource_name").GetString());
    }

    [Fact]
    public void Risky_integration_tools_are_never_offered_and_safe_ones_keep_their_schema()
    {
        const string Schema = """{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}""";

        var risky = IntegrationMcpTool.Offer(new IntegrationToolSpec("github_create_issue", IntegrationNames.GitHub, "Opens an issue.", Schema, Risky: true), grains: null!);
        var safe = IntegrationMcpTool.Offer(new IntegrationToolSpec("github_search_code", IntegrationNames.GitHub, "Searches code.", Schema, Risky: false), grains: null!);
        var broken = IntegrationMcpTool.Offer(new IntegrationToolSpec("github_broken", IntegrationNames.GitHub, "No schema.", "not json", Risky: false), grains: null!);

        Assert.Null(risky);
        Assert.Null(broken);
        Assert.Equal(("github_search_code", "q"), (safe!.Definition.Name, safe.Definition.InputSchema.GetProperty("required")[0].GetString()));
    }

    public static HttpRequestMessage ToolsList()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
