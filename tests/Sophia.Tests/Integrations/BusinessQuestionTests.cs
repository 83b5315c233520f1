using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Integrations;
using Sophia.Tests.Integrations.GitHub;
using Sophia.Tests.Integrations.Gong;
using Sophia.Tests.Integrations.HubSpot;

namespace Sophia.Tests.Integrations;

/// <summary>
/// The question the old platform could not answer: what a customer raised on last week's calls (Gong, synced into
/// memory), where their deal stands (HubSpot) and whether the bug they mentioned is fixed (GitHub), answered with a
/// citation of each.
/// </summary>
public sealed class BusinessQuestionTests
{
    private const string GitHubToken = "ghp_business";

    [Fact]
    public async Task Acme_s_calls_deal_and_bug_are_answered_from_gong_hubspot_and_github_citing_each()
    {
        using var data = new TempFolder();
        await using var gong = await GongServer.StartAsync();
        var rep = gong.Data.AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        var call = gong.Data.AddCall("Acme weekly check-in", DateTimeOffset.UtcNow.AddDays(-4),
            [
                new GongPartyData("p-rep", null, rep.Email, rep.Id, "s-rep", "Internal"),
                new GongPartyData("p-acme", "Anna Berg", "anna.berg@acme.example", null, "s-acme", "External"),
            ],
            [
                new GongMonologueData("s-acme", "Issues", ["The CSV export of large invoices still times out for Acme.", "Our finance team cannot close the month."]),
                new GongMonologueData("s-rep", "Next Steps", ["I will check the export bug with engineering."]),
            ]);
        gong.Data.AddCall("Initech pricing", DateTimeOffset.UtcNow.AddDays(-3),
            [new GongPartyData("p-ini", "Peter Gibbons", "peter@initech.example", null, "s-ini", "External")],
            [new GongMonologueData("s-ini", "Pricing", ["We want a discount for three years."])]);
        await using var hubspot = await HubSpotServer.StartAsync();
        hubspot.PrivateAppTokens[HubSpotUnderTest.PrivateAppToken] = true;
        var acme = hubspot.Data.Company("Acme GmbH", "acme.example");
        var deal = hubspot.Data.Deal("Acme GmbH renewal 2027", acme, hubspot.Data.Contact("Anna", "Berg", acme));
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens[GitHubToken] = "octocat";
        var bug = github.Data.AddRepository("acme/billing").AddIssue("CSV export of large invoices times out", "Exports over 10,000 lines time out after 30 s.", github.Time.GetUtcNow());
        bug.State = "closed";
        await using var model = await OpenAiCompatibleServer.StartAsync();
        model.Responder = CitingModel.Calling("Acme raised the CSV export timing out; their renewal is at contract sent; the bug is closed: ",
            ("search_memory", """{"query":"Acme raised on the call export times out"}"""),
            ("hubspot_search", """{"objectType":"deals","query":"Acme"}"""),
            ("github_read_issue", """{"repository":"acme/billing","number":1}"""));
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        var admin = await sophia.TokenAsync();

        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/gong", GongUnderTest.Body(gong));
        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/hubspot", HubSpotUnderTest.PrivateAppBody(hubspot));
        await CitingModel.ConnectAsync(sophia, admin, "/api/integrations/github", GitHubUnderTest.TokenBody(github, GitHubToken, "acme/billing"));
        using var sync = await sophia.Http.SendAsync(sophia.Request(HttpMethod.Post, "/api/integrations/gong/sync", admin));
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        await Within.Wait(SyncedAsync(sophia, admin), "the Gong sync", TimeSpan.FromSeconds(120));
        await using var hub = await sophia.ConnectAsync(admin);
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "Acme");
        await hub.InvokeAsync<long>("SendMessage", conversation, "What did Acme raise on last week's calls, where is their deal, and is the bug they mentioned fixed?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, 0L), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the cited answer");

        var ranTools = events.Where(e => e is { Type: ChatEventTypes.Step, Step.Status: "done" }).Select(e => e.Step!.Tool).ToList();
        var answer = string.Concat(events.Where(e => e.Type == ChatEventTypes.Delta).Select(e => e.Text));
        var toolResults = model.Requests.Last().Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        Assert.Equal(["search_memory", "hubspot_search", "github_read_issue"], ranTools);
        Assert.Contains("times out for Acme", toolResults[0]);
        Assert.Contains("contractsent", toolResults[1]);
        Assert.Contains("closed", toolResults[2]);
        Assert.Contains($"[1] {call.Url}", answer);
        Assert.Contains($"[2] https://app-eu1.hubspot.com/contacts/{HubSpotServer.PortalId}/record/0-3/{deal.Id}", answer);
        Assert.Contains("[3] https://github.com/acme/billing/issues/1", answer);
    }

    private static async Task<int> SyncedAsync(SophiaServer sophia, string token)
    {
        while (true)
        {
            using var response = await sophia.Http.SendAsync(sophia.Request(HttpMethod.Get, "/api/integrations/gong", token));
            var sync = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["sync"];
            if (sync?["lastSyncAt"] is not null && sync["state"]!.GetValue<string>() != SyncStates.Running)
            {
                return 0;
            }

            await Task.Delay(100);
        }
    }
}
