using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sophia.ClientApi.RateLimits;
using Sophia.Tests.Auth;

namespace Sophia.Tests.RateLimits;

/// <summary>Each limit answers 429 with Retry-After once spent, and counts per user, per API key, or per address when anonymous.</summary>
[Collection(LimitedServerCollection.Name)]
public sealed class RateLimitTests(LimitedServerFixture fixture)
{
    private const int Permits = LimitedServerFixture.Permits;

    private SophiaServer Server => fixture.Server;

    [Fact]
    public async Task Sends_through_rest_and_the_hub_share_one_allowance_per_user_and_another_user_is_not_limited()
    {
        var ann = await Server.CreateUserAsync("send-ann");
        var bob = await Server.CreateUserAsync("send-bob");
        var conversation = await CreateConversationAsync(ann);
        await using var hub = await Server.ConnectAsync(ann);

        var sent = new List<Api.Answer>();
        for (var i = 0; i < Permits - 1; i++)
        {
            sent.Add(await Api.PostAsync(Server.Http, $"/api/conversations/{conversation}/messages", ann, new { text = $"rest {i}" }));
        }

        await hub.InvokeAsync<long>("SendMessage", conversation, "through the hub");
        var restRefused = await Api.PostAsync(Server.Http, $"/api/conversations/{conversation}/messages", ann, new { text = "one too many" });
        var hubRefused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("SendMessage", conversation, "one too many"));
        var bobsConversation = await CreateConversationAsync(bob);
        var bobSends = await Api.PostAsync(Server.Http, $"/api/conversations/{bobsConversation}/messages", bob, new { text = "not limited by ann" });

        Assert.All(sent, a => Assert.Equal(200, a.Status));
        AssertRefused(restRefused, "sends", "messages sent");
        Assert.Contains("Too many messages sent", hubRefused.Message);
        Assert.Contains("Try again in", hubRefused.Message);
        Assert.Equal(200, bobSends.Status);
        Assert.Equal(Permits, (await Server.MessagesAsync(ann, conversation)).Count(e => e.Role == ChatRoles.User));
    }

    [Fact]
    public async Task V1_answers_429_in_openai_shape_and_each_api_key_has_its_own_allowance_apart_from_its_owner()
    {
        var carol = await Server.CreateUserAsync("v1-carol");
        var (_, first) = await fixture.CreateKeyAsync(carol, "first");
        var (_, second) = await fixture.CreateKeyAsync(carol, "second");

        var withToken = await CallsAsync(Permits + 1, () => Api.GetAsync(Server.Http, "/v1/models", carol));
        var withFirstKey = await CallsAsync(Permits + 1, () => Api.GetAsync(Server.Http, "/v1/models", first));
        var withSecondKey = await Api.GetAsync(Server.Http, "/v1/models", second);

        Assert.All(withToken.Take(Permits), a => Assert.Equal(200, a.Status));
        Assert.All(withFirstKey.Take(Permits), a => Assert.Equal(200, a.Status));
        Assert.Equal(200, withSecondKey.Status);
        foreach (var refused in new[] { withToken[^1], withFirstKey[^1] })
        {
            Assert.Equal(429, refused.Status);
            Assert.True(int.Parse(refused.Response.Headers.GetValues("Retry-After").Single()) > 0);
            var error = refused.Body.GetProperty("error");
            Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
            Assert.Contains("Too many requests to /v1", error.GetProperty("message").GetString());
            Assert.Contains("Try again in", error.GetProperty("message").GetString());
        }

        Assert.Contains("this API key", withFirstKey[^1].Body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Uploads_of_documents_and_folders_answer_429_after_the_limit()
    {
        var dan = await Server.CreateUserAsync("upload-dan", role: Sophia.Tenancy.Roles.Admin);

        var answers = new List<int>();
        for (var i = 0; i < Permits; i++)
        {
            answers.Add(await UploadAsync(dan, $"note-{i}.txt", $"Upload number {i} of the rate limit test."));
        }

        var folder = await Api.PostAsync(Server.Http, "/api/memory/folder", dan, new { path = "/nowhere" });

        Assert.All(answers, s => Assert.Equal(202, s));
        AssertRefused(folder, "uploads", "uploads to memory");
    }

    [Fact]
    public async Task Anonymous_calls_are_counted_per_client_address()
    {
        using var first = fixture.ClientFrom("127.0.0.2");
        using var second = fixture.ClientFrom("127.0.0.3");

        var fromFirst = await CallsAsync(Permits + 1, () => Api.GetAsync(first, "/v1/models", null));
        var fromSecond = await Api.GetAsync(second, "/v1/models", null);

        Assert.All(fromFirst.Take(Permits), a => Assert.Equal(401, a.Status));
        Assert.Equal(429, fromFirst[^1].Status);
        Assert.Contains("this address", fromFirst[^1].Body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(401, fromSecond.Status);
    }

    [Fact]
    public void The_mcp_limit_is_ready_for_its_endpoint_counting_per_partition_with_a_retry_time()
    {
        // The limiter the MCP endpoint's policy draws on (Mcp/McpRateLimitTests goes through /mcp itself).
        var limiter = Server.Services.GetRequiredService<SophiaRateLimiters>().For(RateLimitPolicies.Mcp);

        var leases = Enumerable.Range(0, Permits + 1).Select(_ => limiter.AttemptAcquire("user:default/mcp-erin")).ToList();
        using var other = limiter.AttemptAcquire("user:default/mcp-fay");

        Assert.All(leases.Take(Permits), l => Assert.True(l.IsAcquired));
        Assert.False(leases[^1].IsAcquired);
        Assert.True(leases[^1].TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero);
        Assert.True(other.IsAcquired);
        leases.ForEach(l => l.Dispose());
    }

    private static void AssertRefused(Api.Answer refused, string limit, string counted)
    {
        Assert.Equal(429, refused.Status);
        Assert.True(int.Parse(refused.Response.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(limit, refused.Body.GetProperty("limit").GetString());
        Assert.Contains($"Too many {counted}", refused.Title);
        Assert.Contains("Try again in", refused.Title);
        Assert.True(refused.Body.GetProperty("retryAfterSeconds").GetInt32() > 0);
    }

    private static async Task<List<Api.Answer>> CallsAsync(int count, Func<Task<Api.Answer>> call)
    {
        var answers = new List<Api.Answer>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await call());
        }

        return answers;
    }

    private async Task<string> CreateConversationAsync(string token) =>
        (await Api.PostAsync(Server.Http, "/api/conversations", token, new { title = "limits" })).Body.GetProperty("id").GetString()!;

    private async Task<int> UploadAsync(string token, string name, string text)
    {
        using var request = Server.Request(HttpMethod.Post, "/api/memory/documents", token);
        var form = new MultipartFormDataContent();
        var file = new StringContent(text);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", name);
        request.Content = form;
        using var response = await Server.Http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
