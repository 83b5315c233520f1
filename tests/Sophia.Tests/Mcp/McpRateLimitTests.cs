using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sophia.Tests.RateLimits;

namespace Sophia.Tests.Mcp;

/// <summary><c>/mcp</c> spends the <c>Sophia:RateLimits:Mcp</c> allowance of each user; over it, 429 with when to try again.</summary>
[Collection(LimitedServerCollection.Name)]
public sealed class McpRateLimitTests(LimitedServerFixture fixture)
{
    [Fact]
    public async Task Requests_past_the_mcp_limit_get_429_with_retry_after_and_other_users_go_on()
    {
        var server = fixture.Server;
        var first = await server.CreateUserAsync("mcp-busy");
        var second = await server.CreateUserAsync("mcp-calm");

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i <= LimitedServerFixture.Permits; i++)
        {
            statuses.Add(await server.Http.SendAsync(As(first)));
        }

        using var other = await server.Http.SendAsync(As(second));

        Assert.All(statuses.Take(LimitedServerFixture.Permits), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = statuses[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Too many MCP requests", body.RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        statuses.ForEach(r => r.Dispose());
    }

    private static HttpRequestMessage As(string token)
    {
        var request = McpAuthTests.ToolsList();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
