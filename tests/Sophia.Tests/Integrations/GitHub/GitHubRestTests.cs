using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.GitHub;

public sealed class GitHubRestTests
{
    [Fact]
    public async Task An_admin_connects_github_syncs_it_and_an_agent_reads_the_issue_with_its_url()
    {
        using var data = new TempFolder();
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens["ghp_rest"] = "octocat";
        github.Data.AddRepository("acme/app").AddIssue("Invoices are late", "The nightly job stopped.", github.Time.GetUtcNow());
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();

        using var refused = await PutAsync(server, token, GitHubUnderTest.TokenBody(github, "ghp_wrong", "acme/app"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("refused the token", await refused.Content.ReadAsStringAsync());

        using var connected = await PutAsync(server, token, GitHubUnderTest.TokenBody(github, "ghp_rest", "acme/app"));
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.DoesNotContain("ghp_rest", await connected.Content.ReadAsStringAsync());

        using var sync = await server.Http.SendAsync(server.Request(HttpMethod.Post, "/api/integrations/github/sync", token));
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        var status = await Within.Wait(SyncedAsync(server, token), "the GitHub sync to finish");
        Assert.Equal(2, status["sync"]!["documents"]!.GetValue<int>());
        Assert.True(status["health"]!["rateRemaining"]!.GetValue<long>() < GitHubApiServer.HourlyLimit);

        await using var hub = await server.ConnectAsync(token);
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "GitHub");
        var seq = await hub.InvokeAsync<long>("SendMessage", conversation, """/run github_read_issue {"repository": "acme/app", "number": 1}""");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, 0L), e => e.Type == ChatEventTypes.Done && e.Seq > seq, "the answer to /run github_read_issue");
        var answer = events.Last(e => e.Type == ChatEventTypes.Message).Text;
        Assert.Contains("[1] acme/app #1 Invoices are late", answer);
        Assert.Contains("https://github.com/acme/app/issues/1", answer);
    }

    private static async Task<HttpResponseMessage> PutAsync(SophiaServer server, string token, JsonObject body)
    {
        using var request = server.Request(HttpMethod.Put, "/api/integrations/github", token);
        request.Content = JsonContent.Create(body);
        return await server.Http.SendAsync(request);
    }

    private static async Task<JsonNode> SyncedAsync(SophiaServer server, string token)
    {
        while (true)
        {
            using var response = await server.Http.SendAsync(server.Request(HttpMethod.Get, "/api/integrations/github", token));
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (status["sync"]?["lastSyncAt"] is not null && status["sync"]!["state"]!.GetValue<string>() != SyncStates.Running)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }
}
