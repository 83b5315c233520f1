using System.Text.Json.Nodes;
using Sophia.Memory;

namespace Sophia.Tests.Integrations.HubSpot;

[Collection(HubSpotCollection.Name)]
public sealed class HubSpotSyncTests(SyncMemoryFixture fixture)
{
    [Fact]
    public async Task Sync_pages_with_after_and_writes_each_deal_with_its_associated_company_and_contact()
    {
        await using var server = await StartAsync();
        var acme = server.Data.Company("Acme GmbH", "acme.example");
        var anna = server.Data.Contact("Anna", "Berg", acme);
        var deals = server.Data.Deals(201, acme, anna);
        using var hubspot = new HubSpotUnderTest("hs-paging", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var progress = await hubspot.SyncAsync();

        Assert.Equal(203, progress.Documents);
        var pages = server.Searches("deals").Select(r => JsonNode.Parse(r.Body!)!["after"]?.ToString()).ToList();
        Assert.Equal([null, "200"], pages);
        var memory = fixture.Memory("hs-paging");
        var deal = Assert.Single(await memory.ListDocumentsAsync(), d => d.Name == "Deal 17 (deal)");
        var passages = await memory.RecallAsync(new RecallQuery("Deal 17 Acme GmbH Anna Berg contractsent", 20, deal.DocumentId));
        var text = string.Join("\n", passages.OrderBy(p => p.Position).Select(p => p.Text));
        Assert.Contains($"https://app-eu1.hubspot.com/contacts/{HubSpotServer.PortalId}/record/0-3/{deals[16].Id}", text);
        Assert.Contains("dealstage: contractsent", text);
        Assert.Contains("Acme GmbH", text);
        Assert.Contains("Anna Berg", text);
        Assert.True(hubspot.RateBudget.Remaining is > 0 and < HubSpotServer.TenSecondLimit, "HubSpot's X-HubSpot-RateLimit-Remaining is passed on");
    }

    [Fact]
    public async Task A_deleted_deal_leaves_memory()
    {
        await using var server = await StartAsync();
        server.Data.Deal("Renewal 2026");
        var deleted = server.Data.Deal("Pilot that fell through");
        using var hubspot = new HubSpotUnderTest("hs-deleted", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);
        await hubspot.SyncAsync();
        var memory = fixture.Memory("hs-deleted");
        Assert.Equal(2, (await memory.ListDocumentsAsync()).Count);

        server.Data.Archive(deleted);
        var progress = await hubspot.SyncAsync();

        var left = await memory.ListDocumentsAsync();
        Assert.Equal(0, progress.Documents);
        Assert.Equal("Renewal 2026 (deal)", Assert.Single(left).Name);
        Assert.Contains(server.Requests, r => r.Path == "/crm/v3/objects/deals" && r.Query.Contains("archived=true", StringComparison.Ordinal));
    }

    internal static async Task<HubSpotServer> StartAsync()
    {
        var server = await HubSpotServer.StartAsync();
        server.PrivateAppTokens[HubSpotUnderTest.PrivateAppToken] = true;
        return server;
    }
}
