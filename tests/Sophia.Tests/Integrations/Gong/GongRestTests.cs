using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.Gong;

public sealed class GongRestTests
{
    [Fact]
    public async Task An_admin_connects_gong_syncs_its_calls_and_memory_and_tools_answer_with_the_call_urls()
    {
        using var data = new TempFolder();
        await using var gong = await GongServer.StartAsync();
        gong.PageSize = 3;
        var rep = gong.Data.AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        var calls = gong.Data.Seed(7, DateTimeOffset.UtcNow.AddDays(-2));
        var initech = gong.Data.AddCall("Initech security review", DateTimeOffset.UtcNow.AddDays(-1),
            [
                new GongPartyData("p-rep", null, rep.Email, rep.Id, "s-rep", "Internal"),
                new GongPartyData("p-cust", "Peter Gibbons", "peter@initech.example", null, "s-cust", "External"),
            ],
            [new GongMonologueData("s-cust", "Security", ["Our auditors need single sign-on and audit logs before we sign."])]);
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();

        using var refused = await PutAsync(server, token, GongUnderTest.Body(gong, secret: "wrong-secret-2"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Gong refused the access key", await refused.Content.ReadAsStringAsync());

        using var connected = await PutAsync(server, token, GongUnderTest.Body(gong));
        var shown = await connected.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.DoesNotContain(GongServer.AccessKeySecret, shown);
        Assert.DoesNotContain(GongServer.AccessKey, shown);

        using var sync = await server.Http.SendAsync(server.Request(HttpMethod.Post, "/api/integrations/gong/sync", token));
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        var status = await Within.Wait(SyncedAsync(server, token), "the Gong sync to finish");
        Assert.Equal(8, status["sync"]!["documents"]!.GetValue<int>());
        Assert.True(status["health"]!["rateRemaining"]!.GetValue<long>() < GongServer.CallsPerDay);

        var documents = await GetJsonAsync(server, token, "/api/memory/documents?scope=tenant");
        Assert.Equal(calls.Count + 1, documents.AsArray().Count);
        var passage = await Within.Wait(RecallAsync(server, token, "auditors single sign-on audit logs"), "the Initech call to be recalled");
        Assert.Contains("Initech security review", passage);
        Assert.Contains(initech.Url, passage);
        Assert.Contains("Peter Gibbons: Our auditors need single sign-on", passage);

        await using var hub = await server.ConnectAsync(token);
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "Gong");
        var seq = await hub.InvokeAsync<long>("SendMessage", conversation, """/run gong_search_calls {"query": "initech"}""");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, 0L), e => e.Type == ChatEventTypes.Done && e.Seq > seq, "the answer to /run gong_search_calls");
        var answer = events.Last(e => e.Type == ChatEventTypes.Message).Text;
        Assert.Contains("[1] Initech security review", answer);
        Assert.Contains(initech.Url, answer);
    }

    private static async Task<HttpResponseMessage> PutAsync(SophiaServer server, string token, JsonObject body)
    {
        using var request = server.Request(HttpMethod.Put, "/api/integrations/gong", token);
        request.Content = JsonContent.Create(body);
        return await server.Http.SendAsync(request);
    }

    private static async Task<JsonNode> GetJsonAsync(SophiaServer server, string token, string path)
    {
        using var response = await server.Http.SendAsync(server.Request(HttpMethod.Get, path, token));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> SyncedAsync(SophiaServer server, string token)
    {
        while (true)
        {
            var status = await GetJsonAsync(server, token, "/api/integrations/gong");
            if (status["sync"]?["lastSyncAt"] is not null && status["sync"]!["state"]!.GetValue<string>() != SyncStates.Running)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> RecallAsync(SophiaServer server, string token, string query)
    {
        while (true)
        {
            using var request = server.Request(HttpMethod.Post, "/api/memory/recall?scope=tenant", token);
            request.Content = JsonContent.Create(new { query, topK = 3 });
            using var response = await server.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var passages = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            if (passages.Select(p => p!["text"]!.GetValue<string>()).FirstOrDefault(t => t.Contains("auditors", StringComparison.Ordinal)) is { } text)
            {
                return text;
            }

            await Task.Delay(200);
        }
    }
}
